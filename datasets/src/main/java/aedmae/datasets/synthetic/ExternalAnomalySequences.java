package aedmae.datasets.synthetic;

import aedmae.datasets.DatasetException;
import aedmae.datasets.FrameFolder;
import aedmae.datasets.NaturalOrder;
import aedmae.datasets.image.BilinearResize;
import aedmae.datasets.image.ImageFiles;
import aedmae.datasets.image.RgbFrame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A user's folder of abnormal sequences with pixel masks, in the spirit of UBnormal's
 * annotated abnormal events, one sub-folder per sequence:
 * <pre>
 *   sequences/
 *     jump_01/frames/000.png 001.png ...   the event's frames (any size, JPEG/PNG/TIFF)
 *     jump_01/masks/000.png 001.png ...    one mask per frame, nonzero = the abnormal object
 * </pre>
 * A sequence's frame and mask are resized to the model resolution (mask by nearest neighbour,
 * so it stays binary) and only the mask's pixels are pasted onto the training frame, at the
 * place they have in the sequence; the sequence plays along with the training video (frame
 * t + dt of the sample shows sequence frame s + dt), which keeps the object's own motion.
 */
public final class ExternalAnomalySequences {
    private final Path root;
    private final List<FrameFolder[]> sequences; // {frames, masks}

    private ExternalAnomalySequences(Path root, List<FrameFolder[]> sequences) {
        this.root = root;
        this.sequences = sequences;
    }

    /**
     * Lists the sequences of a folder.
     *
     * @throws DatasetException if the folder holds no sequence, or a sequence's frames and masks differ in number
     */
    public static ExternalAnomalySequences open(Path root) {
        if (!Files.isDirectory(root)) throw new DatasetException(root, "no such folder of abnormal sequences");
        List<FrameFolder[]> seqs = new ArrayList<>();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).sorted(NaturalOrder.PATHS).toList();
        } catch (IOException e) {
            throw new DatasetException(root, "cannot list folder (" + e.getMessage() + ")", e);
        }
        for (Path d : dirs) {
            Path f = d.resolve("frames"), m = d.resolve("masks");
            if (!Files.isDirectory(f) || !Files.isDirectory(m)) continue;
            FrameFolder frames = FrameFolder.list(f), masks = FrameFolder.list(m);
            if (frames.frameCount() == 0) throw new DatasetException(f, "empty folder: no frames");
            if (frames.frameCount() != masks.frameCount())
                throw new DatasetException(m, masks.frameCount() + " masks for " + frames.frameCount() + " frames");
            seqs.add(new FrameFolder[] {frames, masks});
        }
        if (seqs.isEmpty())
            throw new DatasetException(root, "no abnormal sequences: expected sub-folders with frames/ and masks/");
        return new ExternalAnomalySequences(root, List.copyOf(seqs));
    }

    public int size() {
        return sequences.size();
    }

    public Path root() {
        return root;
    }

    /**
     * An anomaly from a random sequence, starting at a random frame whose mask is not empty.
     *
     * @throws DatasetException if ten random frames of the chosen sequence all have empty masks
     */
    public SyntheticAnomaly pick(SplittableRandom rng, int height, int width, double opacity) {
        FrameFolder[] seq = sequences.get(rng.nextInt(sequences.size()));
        int n = seq[0].frameCount();
        for (int tries = 0; tries < 10; tries++) {
            int s = rng.nextInt(n);
            byte[] mask = readMask(seq[1], s, height, width);
            for (byte b : mask)
                if (b != 0) return new SequenceAnomaly(seq, s, height, width, (float) opacity);
        }
        throw new DatasetException(seq[1].path(), "masks are empty (no abnormal pixels) in 10 random frames");
    }

    /** Mask s resized to H×W: 1 where the mask image has any nonzero channel. */
    static byte[] readMask(FrameFolder masks, int s, int height, int width) {
        RgbFrame m = ImageFiles.read(masks.files().get(s));
        int plane = m.planeSize();
        byte[] bin = new byte[plane];
        for (int p = 0; p < plane; p++)
            bin[p] = (byte) ((m.chw()[p] | m.chw()[plane + p] | m.chw()[2 * plane + p]) != 0 ? 1 : 0);
        return BilinearResize.resizeMaskNearest(bin, m.height(), m.width(), height, width);
    }

    /** One sequence playing from frame s at the sample's frame t. */
    private static final class SequenceAnomaly implements SyntheticAnomaly {
        private final FrameFolder[] seq;
        private final int start, height, width;
        private final float opacity;

        SequenceAnomaly(FrameFolder[] seq, int start, int height, int width, float opacity) {
            this.seq = seq;
            this.start = start;
            this.height = height;
            this.width = width;
            this.opacity = opacity;
        }

        @Override
        public int paste(int dt, byte[] frame, byte[] mask) {
            int s = Math.max(0, Math.min(seq[0].frameCount() - 1, start + dt));
            RgbFrame obj = BilinearResize.resize(ImageFiles.read(seq[0].files().get(s)), height, width);
            byte[] m = readMask(seq[1], s, height, width);
            int plane = height * width, pasted = 0;
            float a = opacity, b = 1 - opacity;
            for (int p = 0; p < plane; p++) {
                if (m[p] == 0) continue;
                for (int c = 0; c < 3; c++) {
                    float v = b * (frame[c * plane + p] & 0xFF) + a * (obj.chw()[c * plane + p] & 0xFF);
                    frame[c * plane + p] = (byte) Math.min(255, (int) (v + 0.5f));
                }
                if (mask != null) mask[p] = 1;
                pasted++;
            }
            return pasted;
        }

        @Override
        public String description() {
            return "sequence " + seq[0].path().getParent().getFileName() + " from frame " + start + ", opacity "
                    + String.format(java.util.Locale.ROOT, "%.2f", opacity);
        }
    }
}
