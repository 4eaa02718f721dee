package aedmae.score;

import aedmae.datasets.Dataset;
import aedmae.datasets.Video;
import aedmae.datasets.loader.LoaderOptions;
import aedmae.datasets.loader.VideoLoader;
import aedmae.datasets.regions.RegionLabelFinder;
import aedmae.eval.FrameLevelAuc;
import aedmae.eval.FrameLevelAucResult;
import aedmae.eval.FrameScores;
import aedmae.localization.DetectionCriteria;
import aedmae.localization.Localization;
import aedmae.localization.RegionOptions;
import aedmae.localization.VideoRegions;
import aedmae.model.AedMae;
import aedmae.report.ProtocolCard;
import aedmae.report.Report;
import aedmae.report.ReportOptions;
import aedmae.report.ReportWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Scoring and evaluation of a model on a dataset's test videos: frame scores per video, micro and
 * macro AUC (raw and smoothed, both padding conventions), detected regions with RBDC / TBDC where
 * region labels exist, and the report folder (summary.json, report.md / report.html, ROC curve,
 * score plots, CSVs, regions, overlays).
 */
public final class Evaluation {
    private Evaluation() {}

    /**
     * Frame scores of every test video, the scoring throughput, and where: every video's detected
     * regions with RBDC / TBDC where the dataset has region labels.
     */
    public record Scored(List<FrameScores> videos, double framesPerSecond, long frames, Localization localization) {}

    /** {@link #score(AedMae, Dataset, LoaderOptions, ScoreOptions, RegionOptions, Path, Consumer)} with the default regions. */
    public static Scored score(AedMae model, Dataset dataset, LoaderOptions options, ScoreOptions so, Path overlayDir,
                               Consumer<String> log) {
        return score(model, dataset, options, so, RegionOptions.defaults(model.preset().patch()), overlayDir, log);
    }

    public static Scored score(AedMae model, Dataset dataset, LoaderOptions options, ScoreOptions so, RegionOptions ro,
                               Path overlayDir, Consumer<String> log) {
        return scoreAll(model, dataset, options, List.of(so), ro, overlayDir, log).get(0);
    }

    /**
     * The test videos under several settings from one set of reconstructions (see
     * {@link VideoScoring#VideoScoring(AedMae, List, RegionOptions)}); one Scored per setting, in
     * order. Regions, overlays and localisation come from the first setting (the others' localization is null).
     */
    public static List<Scored> scoreAll(AedMae model, Dataset dataset, LoaderOptions options, List<ScoreOptions> settings, RegionOptions ro,
                                        Path overlayDir, Consumer<String> log) {
        model.eval();
        List<List<FrameScores>> out = new ArrayList<>();
        settings.forEach(s -> out.add(new ArrayList<>()));
        List<VideoRegions> regions = new ArrayList<>();
        RegionLabelFinder.Found truth = RegionLabelFinder.find(dataset);
        if (truth.any()) log.accept(truth.note());
        VideoScoring scoring = new VideoScoring(model, settings, ro);
        try (VideoLoader loader = new VideoLoader(dataset, options.withSyntheticShare(0).withBatchSize(settings.get(0).batch()))) {
            List<Video> test = dataset.test();
            for (int v = 0; v < test.size(); v++) {
                Video video = test.get(v);
                int[] labels = video.hasLabels() ? loader.testLabels(v) : null;
                List<FrameScores> fs = scoring.scoreTestVideoAll(loader, v, video.name(), labels, overlayDir, truth.byVideo().get(video.name()));
                for (int s = 0; s < fs.size(); s++) out.get(s).add(fs.get(s));
                regions.add(scoring.regions(video.name()));
                log.accept(String.format("scored %s: %d frames (%.1f frames/s so far)", video.name(), fs.get(0).raw().length, scoring.framesPerSecond()));
            }
        }
        Localization where = Localization.evaluate(regions, truth.byVideo(), ro.describe(), DetectionCriteria.standard());
        List<Scored> result = new ArrayList<>();
        for (int s = 0; s < settings.size(); s++)
            result.add(new Scored(out.get(s), scoring.framesPerSecond(), scoring.framesScored(), s == 0 ? where : null));
        return result;
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

    /** Writes the report folder with the "where" (regions, RBDC / TBDC); returns the report. */
    public static Report report(Path dir, ProtocolCard card, Scored scored) throws IOException {
        return ReportWriter.write(dir, card, scored.videos(), ReportOptions.defaults(), scored.localization());
    }
}
