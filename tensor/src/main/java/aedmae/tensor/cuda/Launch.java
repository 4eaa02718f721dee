package aedmae.tensor.cuda;

/**
 * Launch geometry: grid and block dimensions and dynamic shared memory. The helpers size
 * grid-stride launches: enough blocks to cover the work, at most {@code cap} so a huge tensor
 * does not make millions of tiny blocks.
 */
record Launch(int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes) {
    Launch {
        if (gx < 1 || gy < 1 || gz < 1 || bx < 1 || by < 1 || bz < 1) {
            throw new IllegalArgumentException("empty launch " + gx + "x" + gy + "x" + gz + " blocks of " + bx + "x" + by + "x" + bz);
        }
        if ((long) bx * by * bz > 1024) throw new IllegalArgumentException("block of " + bx * by * bz + " threads exceeds 1024");
        if (gy > 65535 || gz > 65535) throw new IllegalArgumentException("grid y/z above 65535: " + gy + ", " + gz);
    }

    static int ceilDiv(long a, long b) {
        long q = (a + b - 1) / b;
        if (q > Integer.MAX_VALUE) throw new IllegalArgumentException(a + " / " + b + " blocks exceed the grid");
        return (int) q;
    }

    /** A 1-D grid-stride launch over n items with the given block size and block cap. */
    static Launch linear(long n, int threads, int cap) {
        long blocks = Math.max(1, Math.min((Math.max(n, 1) + threads - 1) / threads, cap));
        return new Launch((int) blocks, 1, 1, threads, 1, 1, 0);
    }

    static Launch of(int gx, int gy, int gz, int bx, int by, int bz) {
        return new Launch(gx, gy, gz, bx, by, bz, 0);
    }

    Launch withShared(int bytes) {
        return new Launch(gx, gy, gz, bx, by, bz, bytes);
    }
}
