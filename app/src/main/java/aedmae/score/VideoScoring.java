package aedmae.score;

import aedmae.datasets.loader.Batch;
import aedmae.datasets.loader.BatchStream;
import aedmae.datasets.loader.VideoLoader;
import aedmae.eval.AnomalyOverlay;
import aedmae.eval.FrameImages;
import aedmae.eval.FrameScores;
import aedmae.eval.OverlayStyle;
import aedmae.eval.VideoScorer;
import aedmae.model.AedMae;
import aedmae.tensor.Rng;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores videos frame by frame (paper Sec. 3, "Inference"): the shared {@link FrameLoop}
 * (deterministic reconstructions, the pixel map of Eq. 6 from the teacher error, the
 * teacher-student discrepancy and the class probability), then the eval package's pipeline (3-D
 * smoothing, frame score = max, temporal Gaussian). Optionally writes anomaly-map overlays.
 */
public final class VideoScoring {
    private final AedMae model;
    private final List<ScoreOptions> settings;
    private FrameLoop loop;

    public VideoScoring(AedMae model, ScoreOptions options) {
        this(model, List.of(options));
    }

    /**
     * Scores under several settings from one set of reconstructions: they must share the number of
     * passes, the channels and the seed (their token source, ŷ aggregation, Eq. 6 weights and
     * scoring pipeline may differ). The first setting writes the overlays.
     */
    public VideoScoring(AedMae model, List<ScoreOptions> settings) {
        if (settings.isEmpty()) throw new IllegalArgumentException("scoring needs at least one setting");
        for (ScoreOptions o : settings)
            if (o.seed() != settings.get(0).seed()) throw new IllegalArgumentException("settings scored together must share the seed");
        this.model = model;
        this.settings = List.copyOf(settings);
        settings.forEach(ScoreOptions::frameLoop); // checks the options now rather than at the first video
    }

    /** Frames scored so far and the seconds spent in the model and maps (for the FPS figure). */
    public double framesPerSecond() {
        return loop == null ? 0 : loop.framesPerSecond();
    }

    public long framesScored() {
        return loop == null ? 0 : loop.frames();
    }

    /**
     * Scores test video v of the loader under the first setting. labels may be null (a user's own
     * video). overlayDir receives overlays when the video is one of options.overlayVideos().
     */
    public FrameScores scoreTestVideo(VideoLoader loader, int v, String name, int[] labels, Path overlayDir) {
        return scoreTestVideoAll(loader, v, name, labels, overlayDir).get(0);
    }

    /** Test video v under every setting (one list entry per setting). */
    public List<FrameScores> scoreTestVideoAll(VideoLoader loader, int v, String name, int[] labels, Path overlayDir) {
        try (BatchStream stream = loader.testBatches(v)) {
            return scoreVideo(stream, v, name, labels, false, overlayDir, loader.options().height(), loader.options().width());
        }
    }

    /**
     * One video's frames, in order, under every setting: exactly the test set's pipeline (masks
     * seeded by video and first frame of each batch, Eq. 6 map, 3-D smoothing, frame score,
     * temporal Gaussian, normalisation).
     *
     * @param labels            ground truth, or null when unknown
     * @param labelsFromSamples take each frame's label from its sample instead (synthetic validation events)
     */
    public List<FrameScores> scoreVideo(Iterable<Batch> stream, int v, String name, int[] labels, boolean labelsFromSamples,
                                        Path overlayDir, int h, int w) {
        if (loop == null) loop = new FrameLoop(model, settings.stream().map(ScoreOptions::frameLoop).toList(), h, w);
        List<VideoScorer> scorers = settings.stream().map(o -> new VideoScorer(h, w, o.scoring())).toList();
        ScoreOptions first = settings.get(0);
        boolean overlays = overlayDir != null && first.overlayVideos().contains(name);
        List<Integer> sampleLabels = new ArrayList<>();
        loop.run(stream, -1, (index, b) -> new Rng(first.seed() * 1_000_003L + v * 100_003L + b.ids().get(0).frame()), f -> {
            scorers.get(f.setting()).accept(f.map());
            if (f.setting() != 0) return;
            if (labelsFromSamples) sampleLabels.add(f.anomalous() ? 1 : 0);
            int frame = f.frameIndex();
            if (overlays && frame % first.overlayStride() == 0) writeOverlay(overlayDir, name, frame, f.observed(), f.map(), h, w);
        });
        int[] y = labelsFromSamples ? sampleLabels.stream().mapToInt(Integer::intValue).toArray() : labels;
        return scorers.stream().map(s -> s.finish(name, y)).toList();
    }

    private static void writeOverlay(Path dir, String video, int frame, float[] chw, float[] map, int h, int w) {
        try {
            Path d = dir.resolve(video.replaceAll("[^A-Za-z0-9._-]", "_"));
            Files.createDirectories(d);
            var small = FrameImages.fromChw(java.util.Arrays.copyOf(chw, 3 * h * w), 3, h, w, -1, 1);
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
