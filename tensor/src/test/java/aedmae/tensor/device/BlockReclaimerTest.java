package aedmae.tensor.device;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockReclaimerTest {
    @Test
    void closeReturnsTheBlockOnce() {
        List<String> released = new ArrayList<>();
        BlockReclaimer<String> r = new BlockReclaimer<>(released::add, new Object());
        Object owner = new Object();
        BlockReclaimer.Ref<String> ref = r.register(owner, "block-1");
        assertEquals(1, r.pendingCount());
        r.close(ref);
        r.close(ref);
        assertEquals(List.of("block-1"), released);
        assertNull(ref.block());
        assertEquals(0, r.pendingCount());
    }

    @Test
    void unreachableOwnersGiveTheirBlocksBack() {
        List<String> released = new ArrayList<>();
        BlockReclaimer<String> r = new BlockReclaimer<>(released::add, new Object());
        for (int i = 0; i < 10; i++) r.register(new Object(), "b" + i); // owners dropped at once
        for (int attempt = 0; attempt < 20 && released.size() < 10; attempt++) r.collect();
        assertEquals(10, released.size(), "collected owners must release their blocks");
        assertEquals(0, r.pendingCount());
        assertTrue(released.contains("b7"));
    }
}
