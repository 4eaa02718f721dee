package aedmae.tensor.cuda;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexCacheTest {
    /** Uploads as copies (the "device block" is the copy), counting traffic. */
    static final class FakeUploader implements IndexCache.Uploader<int[]> {
        int uploads;
        final List<int[]> released = new ArrayList<>();

        @Override
        public int[] upload(int[] data) {
            uploads++;
            return data.clone();
        }

        @Override
        public void release(int[] block) {
            released.add(block);
        }
    }

    @Test
    void sameContentIsUploadedOnce() {
        FakeUploader up = new FakeUploader();
        IndexCache<int[]> c = new IndexCache<>(8, 1 << 20, up);
        int[] a = {3, 1, 2};
        IndexCache.Lease<int[]> l1 = c.get(a);
        IndexCache.Lease<int[]> l2 = c.get(new int[]{3, 1, 2});
        assertSame(l1.block, l2.block);
        assertEquals(1, up.uploads);
        a[0] = 7; // the caller reuses its array: the cache kept its own copy of the key
        c.get(a);
        assertEquals(2, up.uploads);
        assertEquals(1, c.hits());
        l1.close(); // cached leases do not release
        assertTrue(up.released.isEmpty());
    }

    @Test
    void leastRecentlyUsedIsEvictedUnlessAGraphPinsTheCache() {
        FakeUploader up = new FakeUploader();
        IndexCache<int[]> c = new IndexCache<>(2, 1 << 20, up);
        int[] b0 = c.get(new int[]{0}).block;
        c.get(new int[]{1});
        c.get(new int[]{0}); // touch 0: 1 is now the eldest
        c.get(new int[]{2});
        assertEquals(2, c.size());
        assertEquals(1, up.released.size());
        assertEquals(1, up.released.get(0)[0]);
        c.pin();
        c.get(new int[]{3});
        c.get(new int[]{4});
        assertEquals(4, c.size(), "no eviction while a captured graph may read the entries");
        c.unpin();
        assertEquals(2, c.size());
        assertEquals(3, up.released.size());
        assertSame(b0, up.released.get(1), "the least recently used entries go first");
        assertEquals(2, up.released.get(2)[0]);
    }

    @Test
    void hugeArraysBypassTheCache() {
        FakeUploader up = new FakeUploader();
        IndexCache<int[]> c = new IndexCache<>(8, 400, up);
        int[] big = new int[101];
        try (IndexCache.Lease<int[]> l = c.get(big)) {
            assertEquals(101, l.block.length);
        }
        assertEquals(0, c.size());
        assertEquals(1, up.released.size(), "a one-off lease returns its block when closed");
    }
}
