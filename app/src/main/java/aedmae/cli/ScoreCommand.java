package aedmae.cli;

import aedmae.datasets.Dataset;
import aedmae.datasets.loader.LoaderOptions;
import aedmae.eval.FrameScores;
import aedmae.localization.RegionFiles;
import aedmae.localization.VideoRegions;
import aedmae.model.AedMae;
import aedmae.model.Preset;
import aedmae.report.FrameScoresCsv;
import aedmae.report.ReportWriter;
import aedmae.report.ScoreTimelineChart;
import aedmae.score.Evaluation;
import aedmae.score.ScoreOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * `aedmae score`: frame scores (CSV), score plots and anomaly-map overlays for any videos: a
 * dataset's test videos, a user's own video file or frame folder, with or without labels.
 */
@Command(name = "score", mixinStandardHelpOptions = true, description = "Write frame scores (CSV), score plots and overlays for test videos or your own video file / frame folder.")
final class ScoreCommand implements Callable<Integer> {
    @Mixin
    DeviceOption device = new DeviceOption();

    @Mixin
    DataOptions data;

    @Mixin
    ScoringFlags scoring;

    @Option(names = "--out", defaultValue = "scores", description = "output folder; default ${DEFAULT-VALUE}")
    Path out;

    @Option(names = "--overlay-stride", defaultValue = "10", description = "write an overlay every N frames (0 = none); default ${DEFAULT-VALUE}")
    int overlayStride;

    @Option(names = "--batch", description = "frames per forward pass (memory grows with it; the random masks are drawn per batch, so another batch size gives other masks); default the preset's batch, at least 8")
    Integer batch;

    @Override
    public Integer call() throws Exception {
        FlagChecks.applyThreads(data.threads);
        scoring.checkFlags();
        FlagChecks.range("--overlay-stride", overlayStride, 0, Integer.MAX_VALUE);
        if (batch != null) FlagChecks.range("--batch", batch, 1, 100_000);
        ModelFiles.requireOutputFolder("--out", out);
        if (java.nio.file.Files.isDirectory(out.resolve("scores"))) System.out.println("replacing the earlier scores in " + out.toAbsolutePath());
        device.apply();
        var regions = scoring.regionOptions(); // a bad --regions fails before the model loads
        AedMae model = scoring.loadModel();
        Preset p = model.preset();
        Dataset ds = Dataset.open(data.data);
        Set<String> names = overlayStride > 0 ? Set.copyOf(ds.test().stream().map(v -> v.name()).toList()) : Set.of();
        ScoreOptions so = scoring.scoreOptions(names, overlayStride);
        if (batch != null) so = so.withBatch(batch);
        LoaderOptions lo = LoaderOptions.defaults(p.height(), p.width());
        if (data.cache != null) lo = lo.withCacheDir(data.cache);
        Evaluation.Scored scored = Evaluation.score(model, ds, lo, so, regions, out.resolve("overlays"), System.out::println);
        Files.createDirectories(out.resolve("scores"));
        Files.createDirectories(out.resolve("plots"));
        for (FrameScores fs : scored.videos()) {
            String n = ReportWriter.safeFileName(fs.name());
            FrameScoresCsv.write(out.resolve("scores").resolve(n + ".csv"), fs);
            ScoreTimelineChart.write(out.resolve("plots").resolve(n + ".png"), "anomaly score, video " + fs.name(), fs);
        }
        for (VideoRegions v : scored.localization().videos()) {
            String n = ReportWriter.safeFileName(v.name());
            RegionFiles.writeCsv(out.resolve("regions").resolve(n + ".csv"), v);
            RegionFiles.writeJson(out.resolve("regions").resolve(n + ".json"), v);
        }
        if (scored.localization().evaluated())
            System.out.println("where: " + ReportWriter.localizationLine(scored.localization().summary()));
        System.out.printf("scored %d video(s), %d frames at %.1f frames/s; CSVs in %s%n", scored.videos().size(), scored.frames(),
                scored.framesPerSecond(), out.resolve("scores").toAbsolutePath());
        return 0;
    }
}
