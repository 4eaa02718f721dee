package aedmae.tensor;

/**
 * The kernels of this paper's model that are not generic tensor operations: the motion
 * gradient's median filter, the Eq. 1-2 token weights, the Eq. 3 weighted error, and the MAE's
 * masking steps (patch rows of kept tokens, gathering kept tokens, restoring the decoder's
 * order), and the batch's way in: uint8 frames uploaded once ({@link PackedBytes}) made into the
 * model's float inputs where the model runs. Each has a CUDA kernel ({@code kernels/*.cu}) and a CPU twin of the same name in
 * {@code aedmae.tensor.cpu}; the CPU, simulated and CUDA backends implement this interface
 * beside {@link Backend}. Same conventions as {@link Backend}: flat storages with offsets, each
 * method says what it reads and overwrites.
 *
 * <p>Letters: B batch, L tokens (Lk kept), D channels, H/W image, P patch.
 */
public interface ModelKernels {

    /** The model kernels of a backend; every backend of this library has them. */
    static ModelKernels of(Backend b) {
        if (b instanceof ModelKernels k) return k;
        throw new IllegalArgumentException(b.device() + " has no model kernels");
    }

    /** 3x3 median filter of planes [P, H, W] with replicated borders (as OpenCV's medianBlur). Overwrites y. */
    void medianFilter3x3(Storage x, int xOff, int planes, int height, int width, Storage y, int yOff);

    /** The motion gradient (median3x3_absdiff): out = |median3x3(a) - median3x3(b)| over planes [P, H, W]. Overwrites out. */
    void medianAbsDiff(Storage a, int aOff, Storage b, int bOff, int planes, int height, int width, Storage out, int outOff);

    /**
     * Token weights of the motion-weighted loss (paper Eq. 1-2, with the anomaly map added as in
     * Sec. 3): g' = gradient + anomalyMap * max(floor, max of gradient[b]); m[b, i] = mean over the
     * 3 channels of the p x p max of g' in token i; w[b, i] = m[b, i] / sum_j m[b, j] (uniform
     * 1/L when the sum is 0). gradient [B, 3, H, W]; anomalyMap [B, 1, H, W] or null;
     * weights [B, (H/p)*(W/p)] in (h, w) token order. Overwrites weights.
     */
    void motionWeights(Storage gradient, int gOff, Storage anomalyMap, int aOff, int batch,
                       int height, int width, int patch, float floor, Storage weights, int wOff);

    /**
     * Motion-weighted reconstruction error (Eq. 3) and its gradient in one pass (weighted_mse):
     * tokenLoss[t] = w[t] * mean_j (pred[t, j] - target[t, j])^2 over P values; dpred (nullable)
     * = gradScale * w[t] * 2 (pred - target) / P. pred [T, P]; target rows of stride ldt.
     * Overwrites tokenLoss and dpred.
     */
    void weightedMse(Storage pred, int predOff, Storage target, int targetOff, int ldt, Storage weights, int wOff,
                     int tokens, int p, float gradScale, Storage tokenLoss, int lossOff, Storage dpred, int dOff);

    /** The masking step (gather_tokens): out[b, j, :] = x[b, keep[b, j], :]; x [B, L, D], keep [B, Lk], out [B, Lk, D]. */
    void gatherTokens(Storage x, int xOff, int batch, int tokens, int dim, int[] keep, int kept, Storage out, int outOff);

    /**
     * The decoder's input (unshuffle_tokens): x [B, 1+Lk, D] is [CLS] then the kept tokens in
     * shuffled order; restore [B, L] is each position's index in the shuffled order; out
     * [B, 1+L, D] takes x's row where restore &lt; Lk, else maskToken [D]. Overwrites out.
     */
    void unshuffleTokens(Storage x, int xOff, int batch, int tokens, int kept, int dim, int[] restore,
                         Storage maskToken, int maskOff, Storage out, int outOff);

    /**
     * The patch-embedding rows of kept tokens (patch_rows): x [B, C, H, W], keep [B, Lk] token ids
     * in (h, w) order (null: all L in order); out [B, Lk, C*p*p] in (c, py, px) order. Overwrites out.
     */
    void patchRows(Storage x, int xOff, int batch, int channels, int height, int width, int patch,
                   int[] keep, int kept, Storage out, int outOff);

    /**
     * The model's normalised frames from uint8 frames (stack_frames_u8): out[j, :] =
     * (frames[idx[j], :] − 127.5) / 127.5 for j &lt; count, each frame a block of blockBytes
     * bytes ([3, H, W] planar for a frame). frames: bytes packed from word framesOff; idx: count
     * int32 words from word idxOff of idxWords. Stacking frames t−3, t, t+3 of each sample in idx
     * gives the 9-channel input [B, 9, H, W]. Overwrites out[outOff, outOff + count·blockBytes).
     */
    void stackFramesU8(Storage frames, int framesOff, Storage idxWords, int idxOff, int count, int blockBytes,
                       Storage out, int outOff);

    /**
     * uint8 to float (u8_to_f32): out[i] = bytes[i] · scale + shift for i &lt; n, bytes packed from
     * word off (gradients as 0..255 with (1, 0), the anomaly map's −1/+1 channel with (2, −1)).
     * Overwrites out[outOff, outOff + n).
     */
    void u8ToF32(Storage bytes, int off, int n, float scale, float shift, Storage out, int outOff);
}
