package aedmae.score;

import aedmae.datasets.Dataset;
import aedmae.datasets.Video;
import aedmae.datasets.loader.LoaderOptions;
import aedmae.datasets.loader.VideoLoader;
import aedmae.eval.FrameLevelAuc;
import aedmae.eval.FrameLevelAucResult;
import aedmae.eval.FrameScores;
import aedmae.eval.ProtocolCard;
import aedmae.eval.Report;
import aedmae.eval.ReportWriter;
import aedmae.model.AedMae;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Scoring and evaluation of a model on a dataset's test videos: frame scores per video, micro and
 * macro AUC (raw and smoothed, both padding conventions), and the report folder (summary.json,
 * report.md / report.html, ROC curve, score plots, CSVs, overlays).
 */
public final class Evaluation {
    private Evaluation() {}

    /** Frame scores of every test video, and the scoring throughput. */
    public record Scored(List<FrameScores> videos, double framesPerSecond, long frames) {}

    public static Scored score(AedMae model, Dataset dataset, LoaderOptions options, ScoreOptions so, Path overlayDir,
                               Consumer<String> log) {
        return scoreAll(model, dataset, options, List.of(so), overlayDir, log).get(0);
    }

    /**
     * The test videos under several settings from one set of reconstructions (see
     * {@link VideoScoring#VideoScoring(AedMae, List)}); one Scored per setting, in order.
     */
    public static List<Scored> scoreAll(AedMae model, Dataset dataset, LoaderOptions options, List<ScoreOptions> settings, Path overlayDir,
                                        Consumer<String> log) {
        model.eval();
        List<List<FrameScores>> out = new ArrayList<>();
        settings.forEach(s -> out.add(new ArrayList<>()));
        VideoScoring scoring = new VideoScoring(model, settings);
        try (VideoLoader loader = new VideoLoader(dataset, options.withSyntheticShare(0).withBatchSize(settings.get(0).batch()))) {
            List<Video> test = dataset.test();
            for (int v = 0; v < test.size(); v++) {
                Video video = test.get(v);
                int[] labels = video.hasLabels() ? loader.testLabels(v) : null;
                List<FrameScores> fs = scoring.scoreTestVideoAll(loader, v, video.name(), labels, overlayDir);
                for (int s = 0; s < fs.size(); s++) out.get(s).add(fs.get(s));
                log.accept(String.format("scored %s: %d frames (%.1f frames/s so far)", video.name(), fs.get(0).raw().length, scoring.framesPerSecond()));
            }
        }
        return out.stream().map(v -> new Scored(v, scoring.framesPerSecond(), scoring.framesScored())).toList();
    }

    /** Micro AUC of the final (smoothed) scores: the oracle criterion. */
    public static double microAuc(List<FrameScores> videos) {
        return FrameLevelAuc.evaluate(videos.stream().map(FrameScores::smoothedScores).toList()).micro();
    }

    /** Both AUC families of a scored test set. */
    public static FrameLevelAucResult[] aucs(List<FrameScores> videos) {
        return new FrameLevelAucResult[]{
                FrameLevelAuc.evaluate(videos.stream().map(FrameScores::rawScores).toList()),
                FrameLevelAuc.evaluate(videos.stream().map(FrameScores::smoothedScores).toList())};
    }

    /** Writes the report folder; returns the report (with its summary). */
    public static Report report(Path dir, ProtocolCard card, List<FrameScores> videos) throws IOException {
        return ReportWriter.write(dir, card, videos);
    }
}
