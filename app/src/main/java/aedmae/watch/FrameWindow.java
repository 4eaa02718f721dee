package aedmae.watch;

import aedmae.datasets.image.BilinearResize;
import aedmae.datasets.image.RgbFrame;

import java.util.function.Consumer;

/**
 * The model's view of a stream: it looks at frames t−3, t and t+3, so frame t is complete when
 * frame t+3 arrives. Frames go in as decoded; each is resized to the model's input and kept in a
 * ring of seven; complete frames come out as {@link LiveFrame}s, in order. At the stream's end
 * ({@link #finish()}) the last three come out with frame t standing in for the missing t+3, and
 * the first three of a stream use frame t for t−3: the datasets' convention.
 *
 * <p>Frame numbers go on counting across {@link #finish()} (a reconnect starts a new stream).
 * Not thread-safe.
 */
final class FrameWindow {
    /** The model's temporal offset: its input is frames t−3, t, t+3. */
    static final int OFFSET = 3;
    private static final int RING = 2 * OFFSET + 1;

    private final String camera;
    private final int height, width;
    private final Consumer<LiveFrame> out;
    private final byte[][] resized = new byte[RING][];
    private final RgbFrame[] originals = new RgbFrame[RING];
    private final long[] arrival = new long[RING], epoch = new long[RING];
    private long index, first;

    FrameWindow(String camera, int height, int width, Consumer<LiveFrame> out) {
        this.camera = camera;
        this.height = height;
        this.width = width;
        this.out = out;
    }

    /** Adds the next decoded frame; emits frame index − 3 when there is one. */
    void push(RgbFrame f) {
        int slot = (int) (index % RING);
        resized[slot] = BilinearResize.resize(f, height, width).chw();
        originals[slot] = f;
        arrival[slot] = System.nanoTime();
        epoch[slot] = System.currentTimeMillis();
        long t = index - OFFSET;
        if (t >= first) emit(t, index, false);
        index++;
    }

    /** The stream ended: emits its last frames; the next push starts a new stream. */
    void finish() {
        for (long t = Math.max(first, index - OFFSET); t < index; t++) emit(t, index - 1, t == index - 1);
        first = index;
    }

    private void emit(long t, long last, boolean endOfStream) {
        int slot = (int) (t % RING);
        long p = t - OFFSET, n = t + OFFSET;
        byte[] prev = p >= first ? resized[(int) (p % RING)] : resized[slot];
        byte[] next = n <= last ? resized[(int) (n % RING)] : resized[slot];
        out.accept(new LiveFrame(camera, t, arrival[slot], epoch[slot], prev, resized[slot], next, originals[slot], endOfStream));
    }
}
