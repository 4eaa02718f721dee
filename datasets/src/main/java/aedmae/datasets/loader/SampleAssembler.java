package aedmae.datasets.loader;

import aedmae.datasets.frames.FrameStore;
import aedmae.datasets.gradient.GradientMode;
import aedmae.datasets.synthetic.SyntheticAnomaly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinTask;

/**
 * Puts the samples of a batch into its uint8 bytes ({@link BatchBytes}; docs/model-spec.md
 * "Input and target"). Sample i is frame t of video v:
 * <ul>
 *   <li>input frames t−3, t, t+3 (t ± 3·stride for a {@link aedmae.datasets.synthetic.TemporalJump});
 *       a neighbour outside the video is frame t itself;</li>
 *   <li>target: the clean frame t; the map: 1 on the pixels pasted into frame t;</li>
 *   <li>gradient: the store's (cache's) uint8 gradient of frame t. With an anomaly, the frames
 *       t−1 and t+1 WITH the object pasted go along, and the device computes their gradient: the
 *       loss weights then follow the motion the model actually sees in its input, and the pasted
 *       object's own motion raises the weights of its patches (the paper adds the map on top).</li>
 * </ul>
 * A pasted object is placed at time offset dt = τ − t for each frame τ used, and at dt = 0 for a
 * neighbour replaced by frame t, so the object is where it is in frame t whenever frame t stands
 * in. Objects are pasted here, on the host, into uint8 frames; the floats are made on the device.
 */
final class SampleAssembler {
    private final FrameStore store;
    private final GradientMode mode;
    private final int h, w, plane;
    private final ThreadLocal<byte[][]> scratch;

    SampleAssembler(FrameStore store, GradientMode mode) {
        this.store = store;
        this.mode = mode;
        this.h = store.height();
        this.w = store.width();
        this.plane = h * w;
        scratch = ThreadLocal.withInitial(() -> new byte[][] {new byte[3 * plane], new byte[plane]});
    }

    /**
     * The bytes of samples (vs[i], ts[i]) with anomalies[i] pasted (null: none), filled in chunks
     * on the calling fork-join pool.
     */
    BatchBytes assemble(int[] vs, int[] ts, SyntheticAnomaly[] anomalies, int chunks) {
        int bs = vs.length;
        // plan: each distinct clean frame once; a sample with an anomaly has its own three frames
        Map<Long, Integer> clean = new HashMap<>();
        List<int[]> cleanFrames = new ArrayList<>(); // {v, tau, owner sample}
        int[][] inputFrame = new int[bs][InputLayout.FRAMES];
        int[] targetFrame = new int[bs];
        List<Integer> pasted = new ArrayList<>();
        int pastedFrames = 0;
        for (int i = 0; i < bs; i++) {
            if (anomalies[i] != null) {
                pasted.add(i);
                for (int k = 0; k < InputLayout.FRAMES; k++) inputFrame[i][k] = -1 - pastedFrames++; // numbered after the clean ones
            } else {
                for (int k = 0; k < InputLayout.FRAMES; k++) inputFrame[i][k] = cleanFrame(clean, cleanFrames, vs[i], tau(vs[i], ts[i], k, 1), i);
            }
            targetFrame[i] = cleanFrame(clean, cleanFrames, vs[i], ts[i], i);
        }
        int nClean = cleanFrames.size();
        int[] pastedSamples = pasted.stream().mapToInt(Integer::intValue).toArray();
        BatchBytes out = new BatchBytes(bs, h, w, nClean + pastedFrames, pastedSamples, mode);
        int[] pairOf = new int[bs];
        Arrays.fill(pairOf, -1);
        for (int j = 0; j < pastedSamples.length; j++) pairOf[pastedSamples[j]] = j;
        for (int i = 0; i < bs; i++) {
            for (int k = 0; k < InputLayout.FRAMES; k++) {
                int f = inputFrame[i][k];
                out.setInputFrame(i, k, f >= 0 ? f : nClean - 1 - f);
            }
            out.setTargetFrame(i, targetFrame[i]);
        }
        // fill, sample by sample: its clean frames (those it is the first to use), gradient, pasted frames, map, label
        List<int[]>[] owned = ownedBy(cleanFrames, bs);
        int n = Math.max(1, Math.min(bs, chunks));
        List<ForkJoinTask<?>> tasks = new ArrayList<>(n);
        for (int c = 0; c < n; c++) {
            int s = bs * c / n, e = bs * (c + 1) / n;
            tasks.add(ForkJoinTask.adapt(() -> {
                for (int i = s; i < e; i++) fill(out, i, vs[i], ts[i], anomalies[i], owned[i], inputFrame[i], nClean, pairOf[i]);
            }));
        }
        ForkJoinTask.invokeAll(tasks);
        return out;
    }

    private void fill(BatchBytes out, int i, int v, int t, SyntheticAnomaly anomaly, List<int[]> ownedFrames, int[] inputFrame, int nClean, int pair) {
        for (int[] f : ownedFrames) store.readFrame(f[0], f[1], out.bytes, out.frameOffset(f[3]));
        store.readGradient(v, t, out.bytes, out.gradientOffset(i));
        if (anomaly == null) {
            out.setLabel(i, false); // its map stays 0
            return;
        }
        byte[][] s = scratch.get();
        byte[] buf = s[0], mask = s[1];
        Arrays.fill(mask, (byte) 0);
        int pastedHere = 0;
        for (int k = 0; k < InputLayout.FRAMES; k++) {
            int tau = tau(v, t, k, anomaly.stride());
            store.readFrame(v, tau, buf, 0);
            int p = anomaly.paste(tau - t, buf, k == InputLayout.CURRENT_FRAME ? mask : null);
            if (k == InputLayout.CURRENT_FRAME) pastedHere = p;
            System.arraycopy(buf, 0, out.bytes, out.frameOffset(nClean - 1 - inputFrame[k]), 3 * plane);
        }
        int m = out.mapOffset(i);
        for (int p = 0; p < plane; p++) out.bytes[m + p] = (byte) (mask[p] != 0 ? 1 : 0);
        out.setLabel(i, pastedHere > 0);
        // the frames of the gradient, with the object pasted: t−1 and t+1 (t itself at a video's edge)
        int n = store.frameCount(v), tp = t - 1 >= 0 ? t - 1 : t, tn = t + 1 < n ? t + 1 : t;
        store.readFrame(v, tp, out.bytes, out.pairOffset(pair, 0));
        pasteAt(anomaly, tp - t, out, out.pairOffset(pair, 0), buf);
        store.readFrame(v, tn, out.bytes, out.pairOffset(pair, 1));
        pasteAt(anomaly, tn - t, out, out.pairOffset(pair, 1), buf);
    }

    /** Pastes into the frame at off of the batch's bytes (through buf: paste works on whole arrays). */
    private void pasteAt(SyntheticAnomaly anomaly, int dt, BatchBytes out, int off, byte[] buf) {
        System.arraycopy(out.bytes, off, buf, 0, 3 * plane);
        anomaly.paste(dt, buf, null);
        System.arraycopy(buf, 0, out.bytes, off, 3 * plane);
    }

    /** The frame of input slot k: t + offset·stride, or t itself outside the video. */
    private int tau(int v, int t, int k, int stride) {
        int tau = t + InputLayout.frameOffset(k) * stride;
        return tau < 0 || tau >= store.frameCount(v) ? t : tau;
    }

    private static int cleanFrame(Map<Long, Integer> clean, List<int[]> frames, int v, int tau, int sample) {
        return clean.computeIfAbsent(((long) v << 32) | tau, key -> {
            frames.add(new int[]{v, tau, sample, frames.size()});
            return frames.size() - 1;
        });
    }

    @SuppressWarnings("unchecked")
    private static List<int[]>[] ownedBy(List<int[]> frames, int bs) {
        List<int[]>[] owned = new List[bs];
        for (int i = 0; i < bs; i++) owned[i] = new ArrayList<>();
        for (int[] f : frames) owned[f[2]].add(f);
        return owned;
    }
}
