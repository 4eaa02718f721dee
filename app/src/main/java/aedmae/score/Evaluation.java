package aedmae.score;

import aedmae.datasets.Dataset;
import aedmae.datasets.Video;
import aedmae.datasets.loader.LoaderOptions;
import aedmae.datasets.loader.VideoLoader;
import aedmae.eval.FrameLevelAuc;
import aedmae.eval.FrameLevelAucResult;
import aedmae.eval.FrameScores;
import aedmae.model.AedMae;
import aedmae.report.ProtocolCard;
import aedmae.report.Report;
import aedmae.report.ReportWriter;

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
        model.eval();
        List<FrameScores> out = new ArrayList<>();
        VideoScoring scoring = new VideoScoring(model, so);
        try (VideoLoader loader = new VideoLoader(dataset, options.withSyntheticShare(0).withBatchSize(so.batch()))) {
            List<Video> test = dataset.test();
            for (int v = 0; v < test.size(); v++) {
                Video video = test.get(v);
                int[] labels = video.hasLabels() ? loader.testLabels(v) : null;
                FrameScores fs = scoring.scoreTestVideo(loader, v, video.name(), labels, overlayDir);
                out.add(fs);
                log.accept(String.format("scored %s: %d frames (%.1f frames/s so far)", video.name(), fs.raw().length, scoring.framesPerSecond()));
            }
        }
        return new Scored(out, scoring.framesPerSecond(), scoring.framesScored());
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
