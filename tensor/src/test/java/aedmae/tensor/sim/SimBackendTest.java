package aedmae.tensor.sim;

import aedmae.tensor.Backends;
import aedmae.tensor.Device;
import aedmae.tensor.MemoryArena;
import aedmae.tensor.Storage;
import aedmae.tensor.Tensor;
import aedmae.tensor.cpu.CpuStorage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimBackendTest {
    private final SimBackend sim = Backends.sim();

    @Test
    void aHostReadOfDeviceMemoryWithoutACopyFails() {
        Tensor t = Tensor.of(Device.SIM, new float[]{1, 2, 3}, 3);
        // the host's way to read a CPU tensor's memory directly does not reach device memory
        assertThrows(ClassCastException.class, () -> {
            float[] ignored = ((CpuStorage) t.storage()).data;
        });
        // nor can a CPU kernel be handed a device storage
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backends.cpu().fill(t.storage(), 0, 3, 0f));
        assertTrue(e.getMessage().contains("storage of sim"), e.getMessage());
        // nor a sim kernel a host one
        Tensor host = Tensor.of(Device.CPU, new float[]{1, 2, 3}, 3);
        assertThrows(IllegalArgumentException.class, () -> t.add(host));
        // an explicit copy is the way
        assertArrayEquals(new float[]{1, 2, 3}, t.toArray());
        assertArrayEquals(new float[]{2, 4, 6}, t.add(host.to(Device.SIM)).toArray());
    }

    @Test
    void transfersAreCounted() {
        SimTransfers before = sim.transfers();
        Tensor t = Tensor.of(Device.SIM, new float[64], 8, 8);
        Tensor u = t.add(1f).mul(2f).sum();
        float v = u.item();
        SimTransfers d = sim.transfers().since(before);
        assertEquals(2f * 64, v);
        assertEquals(1, d.uploads(), "one upload: the input");
        assertEquals(4L * 64, d.uploadBytes());
        assertEquals(1, d.downloads(), "one download: item()");
        assertEquals(4, d.downloadBytes());
        assertTrue(d.kernels() >= 3, "add, mul and sum ran as kernels: " + d.kernels());
    }

    @Test
    void theHostMayReuseAnUploadedArrayAtOnce() {
        float[] src = {1, 2, 3, 4};
        Tensor t = Tensor.of(Device.SIM, src, 4);
        java.util.Arrays.fill(src, -1f); // before the device ran the copy: it was staged
        assertArrayEquals(new float[]{1, 2, 3, 4}, t.toArray());
    }

    @Test
    void kernelsRunInStreamOrderAndAFaultShowsAtTheNextCall() {
        Tensor a = Tensor.zeros(Device.SIM, 1000);
        for (int i = 0; i < 50; i++) a = a.add(1f);
        assertEquals(50f, a.toArray()[999], "each add sees the one before");
        Storage s = sim.allocate(4);
        sim.fill(s, 0, 1 << 20, 1f); // past the block: enqueued fine, fails on the device
        IllegalStateException e = assertThrows(IllegalStateException.class, sim::synchronize);
        assertTrue(e.getMessage().contains("fill"), e.getMessage());
    }

    @Test
    void memoryHandedOutUninitialisedIsGarbageAndAReleasedStorageCannotBeUsed() {
        Storage s = sim.allocateUninitialized(16);
        float[] v = new float[16];
        sim.download(s, 0, v, 0, 16);
        for (float x : v) assertTrue(Float.isNaN(x), "uninitialised memory reads as NaN on sim");
        Tensor t;
        try (MemoryArena arena = MemoryArena.open()) {
            t = Tensor.full(Device.SIM, 2f, 16);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, t::toArray);
        assertTrue(e.getMessage().contains("after release"), e.getMessage());
    }

    @Test
    void releasedBlocksAreReusedInStreamOrder() {
        Tensor kept;
        try (MemoryArena arena = MemoryArena.open()) {
            Tensor x = Tensor.full(Device.SIM, 3f, 1 << 12);
            kept = MemoryArena.keep(x.mul(2f)); // reads x; x's block goes back when the arena closes
        }
        long hits = sim.memoryStats().hits();
        Tensor y = Tensor.full(Device.SIM, 7f, 1 << 12); // may take x's block: runs after the mul
        assertTrue(sim.memoryStats().hits() > hits, "a block came from the cache");
        assertEquals(6f, kept.toArray()[5]);
        assertEquals(7f, y.toArray()[5]);
    }

    @Test
    void givesTheCpuNumbersBitForBit() {
        float[] x = new float[257];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.37) * 3f;
        Tensor c = Tensor.of(Device.CPU, x, 257), s = Tensor.of(Device.SIM, x, 257);
        Tensor fc = c.gelu().softmax(0), fs = s.gelu().softmax(0);
        assertArrayEquals(fc.toArray(), fs.toArray());
    }
}
