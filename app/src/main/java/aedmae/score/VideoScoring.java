package aedmae.score;

import aedmae.datasets.loader.BatchStream;
import aedmae.datasets.loader.InputLayout;
import aedmae.datasets.loader.VideoLoader;
import aedmae.eval.FrameScores;
import aedmae.eval.VideoScorer;
import aedmae.model.AedMae;
import aedmae.report.AnomalyOverlay;
import aedmae.report.FrameImages;
import aedmae.report.OverlayStyle;
import aedmae.tensor.Rng;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Scores videos frame by frame (paper Sec. 3, "Inference"): the shared {@link FrameLoop}
 * (deterministic reconstructions, the pixel map of Eq. 6 from the teacher error, the
 * teacher-student discrepancy and the class probability), then the eval package's pipeline (3-D
 * smoothing, frame score = max, temporal Gaussian). Optionally writes anomaly-map overlays.
 */
public final class VideoScoring {
    private final AedMae model;
    private final ScoreOptions options;
    private FrameLoop loop;

    public VideoScoring(AedMae model, ScoreOptions options) {
        this.model = model;
        this.options = options;
        options.frameLoop(); // checks the options now rather than at the first video
    }

    /** Frames scored so far and the seconds spent in the model and maps (for the FPS figure). */
    public double framesPerSecond() {
        return loop == null ? 0 : loop.framesPerSecond();
    }

    public long framesScored() {
        return loop == null ? 0 : loop.frames();
    }

    /**
     * Scores test video v of the loader. labels may be null (a user's own video). overlayDir
     * receives overlays when the video is one of options.overlayVideos().
     */
    public FrameScores scoreTestVideo(VideoLoader loader, int v, String name, int[] labels, Path overlayDir) {
        int h = loader.options().height(), w = loader.options().width();
        if (loop == null) loop = new FrameLoop(model, options.frameLoop(), h, w);
        VideoScorer scorer = new VideoScorer(h, w, options.scoring());
        boolean overlays = overlayDir != null && options.overlayVideos().contains(name);
        try (BatchStream stream = loader.testBatches(v)) {
            loop.run(stream, -1, (index, b) -> new Rng(options.seed() * 1_000_003L + v * 100_003L + b.ids().get(0).frame()), f -> {
                scorer.accept(f.map());
                int frame = f.frameIndex();
                if (overlays && frame % options.overlayStride() == 0) writeOverlay(overlayDir, name, frame, f.observed(), f.map(), h, w);
            });
        }
        return scorer.finish(name, labels);
    }

    private static void writeOverlay(Path dir, String video, int frame, float[] chw, float[] map, int h, int w) {
        try {
            Path d = dir.resolve(video.replaceAll("[^A-Za-z0-9._-]", "_"));
            Files.createDirectories(d);
            var small = FrameImages.fromChw(java.util.Arrays.copyOf(chw, InputLayout.COLOURS * h * w), InputLayout.COLOURS, h, w, -1, 1);
            // model inputs are small: show overlays at least 360 pixels wide
            int scale = Math.max(1, (360 + w - 1) / w);
            var img = new java.awt.image.BufferedImage(w * scale, h * scale, java.awt.image.BufferedImage.TYPE_INT_RGB);
            var g = img.createGraphics();
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(small, 0, 0, w * scale, h * scale, null);
            g.dispose();
            float max = 0;
            for (float m : map) max = Math.max(max, m);
            AnomalyOverlay.write(d.resolve(String.format("%05d.png", frame)), img, map, h, w, OverlayStyle.defaults().withRange(0, Math.max(max, 1e-6)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an overlay for " + video + " frame " + frame + ": " + e.getMessage(), e);
        }
    }

    public AedMae model() {
        return model;
    }
}
