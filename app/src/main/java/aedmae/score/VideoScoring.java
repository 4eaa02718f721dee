package aedmae.score;

import aedmae.datasets.loader.BatchStream;
import aedmae.datasets.loader.InputLayout;
import aedmae.datasets.loader.VideoLoader;
import aedmae.datasets.regions.RegionLabels;
import aedmae.eval.FrameScores;
import aedmae.eval.VideoScorer;
import aedmae.localization.RegionExtractor;
import aedmae.localization.RegionOptions;
import aedmae.localization.RegionOverlay;
import aedmae.localization.ScoredBox;
import aedmae.localization.VideoRegions;
import aedmae.model.AedMae;
import aedmae.report.AnomalyOverlay;
import aedmae.report.FrameImages;
import aedmae.report.OverlayStyle;
import aedmae.tensor.Rng;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Scores videos frame by frame (paper Sec. 3, "Inference"): the shared {@link FrameLoop}
 * (deterministic reconstructions, the pixel map of Eq. 6 from the teacher error, the
 * teacher-student discrepancy and the class probability), then the eval package's pipeline (3-D
 * smoothing, frame score = max, temporal Gaussian). Optionally writes anomaly-map overlays.
 */
public final class VideoScoring {
    private final AedMae model;
    private final ScoreOptions options;
    private final RegionExtractor extractor;
    private final Map<String, VideoRegions> regions = new HashMap<>();
    private FrameLoop loop;

    public VideoScoring(AedMae model, ScoreOptions options) {
        this(model, options, RegionOptions.defaults(model.preset().patch()));
    }

    /** Scoring that also cuts abnormal regions out of every smoothed map as regionOptions say. */
    public VideoScoring(AedMae model, ScoreOptions options, RegionOptions regionOptions) {
        this.model = model;
        this.options = options;
        options.frameLoop(); // checks the options now rather than at the first video
        this.extractor = new RegionExtractor(regionOptions);
    }

    /** The detected regions of a video scored by this instance, or null. */
    public VideoRegions regions(String video) {
        return regions.get(video);
    }

    /** Frames scored so far and the seconds spent in the model and maps (for the FPS figure). */
    public double framesPerSecond() {
        return loop == null ? 0 : loop.framesPerSecond();
    }

    public long framesScored() {
        return loop == null ? 0 : loop.frames();
    }

    /** {@link #scoreTestVideo(VideoLoader, int, String, int[], Path, RegionLabels)} without region labels. */
    public FrameScores scoreTestVideo(VideoLoader loader, int v, String name, int[] labels, Path overlayDir) {
        return scoreTestVideo(loader, v, name, labels, overlayDir, null);
    }

    /**
     * Scores test video v of the loader; its detected regions are then {@link #regions(String)}.
     * labels may be null (a user's own video). overlayDir receives overlays (the smoothed map, the
     * detected regions, and truth's regions when given) when the video is one of options.overlayVideos().
     */
    public FrameScores scoreTestVideo(VideoLoader loader, int v, String name, int[] labels, Path overlayDir, RegionLabels truth) {
        int h = loader.options().height(), w = loader.options().width();
        if (loop == null) loop = new FrameLoop(model, options.frameLoop(), h, w);
        VideoScorer scorer = new VideoScorer(h, w, options.scoring());
        VideoRegions found = new VideoRegions(name, h, w, extractor);
        regions.put(name, found);
        Map<Integer, float[]> pending = new HashMap<>(); // frame → its image [3, H, W], until its smoothed map arrives
        scorer.onSmoothedMap((smoothed, t) -> {
            found.accept(t, smoothed);
            float[] image = pending.remove(t);
            if (image != null) writeOverlay(overlayDir, name, t, image, smoothed, h, w, found.regions(t), truth);
        });
        boolean overlays = overlayDir != null && options.overlayVideos().contains(name);
        try (BatchStream stream = loader.testBatches(v)) {
            loop.run(stream, -1, (index, b) -> new Rng(options.seed() * 1_000_003L + v * 100_003L + b.ids().get(0).frame()), f -> {
                scorer.accept(f.map());
                int frame = f.frameIndex();
                if (overlays && frame % options.overlayStride() == 0) pending.put(frame, java.util.Arrays.copyOf(f.observed(), InputLayout.COLOURS * h * w));
            });
        }
        return scorer.finish(name, labels);
    }

    private static void writeOverlay(Path dir, String video, int frame, float[] chw, float[] map, int h, int w,
                                     java.util.List<ScoredBox> detected, RegionLabels truth) {
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
            var overlay = AnomalyOverlay.render(img, map, h, w, OverlayStyle.defaults().withRange(0, Math.max(max, 1e-6)));
            RegionOverlay.draw(overlay, detected, w, h, truth == null ? java.util.List.of() : truth.regions(frame),
                    truth == null ? w : truth.width(), truth == null ? h : truth.height());
            AnomalyOverlay.writePng(d.resolve(String.format("%05d.png", frame)), overlay);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an overlay for " + video + " frame " + frame + ": " + e.getMessage(), e);
        }
    }

    public AedMae model() {
        return model;
    }
}
