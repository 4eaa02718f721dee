package aedmae.tensor;

import aedmae.tensor.cpu.CpuStorage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MemoryArenaTest {
    private static float[] data(Tensor t) {
        return ((CpuStorage) t.storage()).data;
    }

    /** The CPU pool's recycling, read through the CPU arrays themselves (so on the CPU whatever the default device). */
    @Test
    void closedArenasRecycleZeroedBuffersAndKeepWhatIsKept() {
        int n = 1 << 16;
        float[] first, kept;
        try (MemoryArena a = MemoryArena.open()) {
            Tensor t = Tensor.full(Device.CPU, 3f, n);
            first = data(t);
            kept = data(MemoryArena.keep(Tensor.full(Device.CPU, 5f, n)));
            assertEquals(1, a.size());
        }
        try (MemoryArena a = MemoryArena.open()) {
            Tensor u = Tensor.zeros(Device.CPU, n);
            assertSame(first, data(u), "the buffer of a closed arena is reused");
            assertEquals(0f, u.get(17), "and handed out zeroed");
            Tensor w = Tensor.zeros(Device.CPU, n);
            assertNotSame(kept, data(w), "a kept buffer is never recycled");
        }
        assertEquals(5f, kept[0]);
    }

    @Test
    void arenasCloseInOrder() {
        MemoryArena outer = MemoryArena.open();
        MemoryArena inner = MemoryArena.open();
        assertThrows(IllegalStateException.class, outer::close);
        inner.close();
        outer.close();
    }

    @Test
    void trainingWithAndWithoutArenasGivesIdenticalParameters() {
        // a use-after-free would change the numbers: run the same steps both ways
        float[][] results = new float[2][];
        for (int mode = 0; mode < 2; mode++) {
            Rng rng = new Rng(1);
            Tensor w = rng.uniform(-1, 1, 64, 300).requiresGrad(true);
            Tensor x = rng.uniform(-1, 1, 100, 64);
            for (int step = 0; step < 5; step++) {
                MemoryArena a = mode == 1 ? MemoryArena.open() : null;
                Tensor loss = x.matmul(w).gelu().square().mean();
                w.zeroGrad();
                loss.backward();
                try (var s = aedmae.tensor.autograd.GradMode.disable()) {
                    w.addInPlace(w.grad(), -0.1f);
                }
                w.zeroGrad();
                if (a != null) a.close();
            }
            results[mode] = w.toArray();
        }
        GradCheck.assertClose(results[0], results[1], 0, 0, "with and without arenas");
    }
}
