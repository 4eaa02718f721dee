package aedmae.eval;

/**
 * Applies a {@link MapSmoothing} to a video's anomaly-map volume {@code [T, H, W]} one frame at a
 * time, holding only {@code 2·radiusT + 1} frames: a whole Avenue volume would not fit in memory.
 *
 * <p>Frames go in with {@link #push(float[])} in order; smoothed frame t comes out through the
 * sink as soon as frame t + radiusT has arrived, and the last ones on {@link #finish()} (the video's
 * length is known only then). Each frame is filtered along x, then y, on arrival; the temporal
 * kernel is applied over the stored frames. Sums run in double, stored as float.
 *
 * <p>Not thread-safe; one instance per video.
 */
public final class StreamingVolumeSmoother {
    /** Receives smoothed frames in order. */
    public interface FrameSink {
        /**
         * @param t   frame index, 0-based
         * @param map {@code [H, W]} the smoothed map of frame t; a buffer reused for the next frame:
         *            read or copy it during the call, do not keep it
         */
        void accept(int t, float[] map);
    }

    private final int height, width;
    private final double[] kernelT, kernelY, kernelX;
    private final Boundary boundary;
    private final FrameSink sink;
    private final int radiusT;
    /** Spatially smoothed frames, frame k in slot k mod ring.length; at most 2·radiusT + 1 live ones. */
    private final float[][] ring;
    private final float[] rowLine;   // [W] one row, input of the x filter
    private final float[] frameCopy; // [H, W] the frame after the x filter, input of the y filter
    private final double[] acc;      // [H, W] temporal accumulator
    private final float[] out;       // [H, W] the frame handed to the sink
    private int pushed;   // frames received
    private int emitted;  // frames handed out
    private boolean finished;

    /**
     * @param smoothing the 3-D filter
     * @param height    H of every map
     * @param width     W of every map
     * @param sink      receives smoothed frames in order
     */
    public StreamingVolumeSmoother(MapSmoothing smoothing, int height, int width, FrameSink sink) {
        if (height <= 0 || width <= 0) throw new IllegalArgumentException("map size must be positive, got " + height + "x" + width);
        this.height = height;
        this.width = width;
        this.kernelT = smoothing.kernelT();
        this.kernelY = smoothing.kernelY();
        this.kernelX = smoothing.kernelX();
        this.boundary = smoothing.boundary();
        this.sink = sink;
        this.radiusT = LineCorrelation.radiusOf(kernelT);
        this.ring = new float[2 * radiusT + 1][];
        this.rowLine = new float[width];
        this.frameCopy = new float[height * width];
        this.acc = new double[height * width];
        this.out = new float[height * width];
    }

    /** Adds the next frame's map {@code [H, W]} (not modified; copied). */
    public void push(float[] map) {
        if (finished) throw new IllegalStateException("push after finish");
        if (map.length != height * width) {
            throw new IllegalArgumentException("anomaly map of frame " + pushed + " has " + map.length
                    + " values, expected " + height + "x" + width + " = " + height * width);
        }
        int slot = pushed % ring.length;
        if (ring[slot] == null) ring[slot] = new float[height * width];
        float[] frame = ring[slot];
        System.arraycopy(map, 0, frame, 0, map.length);
        smoothSpatialInPlace(frame);
        pushed++;
        // Frame t needs frames up to t + radiusT (its right half before any reflection at the end).
        while (emitted + radiusT < pushed) emit(emitted, -1);
    }

    /** Emits the remaining frames (the video's end is now known) and returns the number of frames T. */
    public int finish() {
        if (finished) return pushed;
        finished = true;
        while (emitted < pushed) emit(emitted, pushed);
        return pushed;
    }

    /** Frames received so far. */
    public int framesPushed() {
        return pushed;
    }

    /**
     * Smooths a whole volume {@code [T, H, W]} in place (modified), with the same arithmetic as the
     * streaming path; extra memory is {@code 2·radiusT + 3} frames.
     */
    public static void smoothInPlace(MapSmoothing smoothing, float[] volume, int frames, int height, int width) {
        int plane = height * width;
        if ((long) frames * plane != volume.length) {
            throw new IllegalArgumentException("volume has " + volume.length + " values, expected " + frames + "x" + height + "x" + width);
        }
        // Frame t is written back only after frame t + radiusT was pushed (copied), so no input is lost.
        StreamingVolumeSmoother s = new StreamingVolumeSmoother(smoothing, height, width,
                (t, map) -> System.arraycopy(map, 0, volume, t * plane, plane));
        float[] frame = new float[plane];
        for (int t = 0; t < frames; t++) {
            System.arraycopy(volume, t * plane, frame, 0, plane);
            s.push(frame);
        }
        s.finish();
    }

    /**
     * Emits frame t: out = Σ_k kernelT[k] · frame[t + k − r], the index extended past the video's
     * ends by the boundary rule; {@code length} is T once known, -1 while streaming.
     */
    private void emit(int t, int length) {
        java.util.Arrays.fill(acc, 0);
        for (int k = 0; k < kernelT.length; k++) {
            // While streaming, frames up to t + radiusT exist, so only the start can need the
            // boundary rule and the frames pushed so far stand in for the whole video there.
            int src = boundary.index(t + k - radiusT, length >= 0 ? length : pushed);
            if (src < 0) continue; // CONSTANT outside: reads 0
            float[] frame = ring[src % ring.length];
            double w = kernelT[k];
            for (int i = 0; i < acc.length; i++) acc[i] += w * frame[i];
        }
        for (int i = 0; i < out.length; i++) out[i] = (float) acc[i];
        emitted++;
        sink.accept(t, out);
    }

    /** Filters one frame along x then y, in place. */
    private void smoothSpatialInPlace(float[] frame) {
        int rx = kernelX.length / 2, ry = kernelY.length / 2;
        if (rx > 0) {
            for (int y = 0; y < height; y++) {
                int base = y * width;
                System.arraycopy(frame, base, rowLine, 0, width);
                for (int x = 0; x < width; x++) {
                    double a = 0;
                    if (x - rx >= 0 && x + rx < width) {
                        for (int k = 0; k < kernelX.length; k++) a += kernelX[k] * rowLine[x + k - rx];
                    } else {
                        for (int k = 0; k < kernelX.length; k++) {
                            int j = boundary.index(x + k - rx, width);
                            if (j >= 0) a += kernelX[k] * rowLine[j];
                        }
                    }
                    frame[base + x] = (float) a;
                }
            }
        }
        if (ry > 0) {
            System.arraycopy(frame, 0, frameCopy, 0, frame.length);
            double[] rowAcc = acc; // free between emits; used as a [W] row accumulator here
            for (int y = 0; y < height; y++) {
                java.util.Arrays.fill(rowAcc, 0, width, 0);
                for (int k = 0; k < kernelY.length; k++) {
                    int src = boundary.index(y + k - ry, height);
                    if (src < 0) continue;
                    double w = kernelY[k];
                    int base = src * width;
                    for (int x = 0; x < width; x++) rowAcc[x] += w * frameCopy[base + x];
                }
                int base = y * width;
                for (int x = 0; x < width; x++) frame[base + x] = (float) rowAcc[x];
            }
        }
    }
}
