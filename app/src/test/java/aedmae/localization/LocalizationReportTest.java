package aedmae.localization;

import aedmae.datasets.regions.Box;
import aedmae.datasets.regions.RegionLabels;
import aedmae.datasets.regions.TrackLinker;
import aedmae.eval.FrameScores;
import aedmae.eval.MapSmoothing;
import aedmae.eval.ScoringConfig;
import aedmae.eval.VideoScorer;
import aedmae.report.ProtocolCard;
import aedmae.report.Report;
import aedmae.report.ReportOptions;
import aedmae.report.ReportWriter;
import aedmae.report.SummaryJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Regions from the scorer's smoothed maps into the report: files, summary.json, the page. */
class LocalizationReportTest {
    @TempDir
    Path dir;

    static final int H = 12, W = 16, T = 6;

    /** A bright 3×3 square at x = 2t, y 4 on frames 2..4; a dimmer one at the right on frame 0. */
    static float[] map(int t) {
        float[] m = new float[H * W];
        if (t >= 2 && t <= 4) for (int y = 4; y < 7; y++) for (int x = 2 * t; x < 2 * t + 3; x++) m[y * W + x] = 1f;
        if (t == 0) for (int y = 0; y < 3; y++) for (int x = 12; x < 15; x++) m[y * W + x] = 0.5f;
        return m;
    }

    @Test
    void scorerRegionsReachTheReport() throws Exception {
        VideoScorer scorer = new VideoScorer(H, W, ScoringConfig.paper(MapSmoothing.none(), 0));
        VideoRegions regions = new VideoRegions("01", H, W, new RegionExtractor(RegionOptions.defaults(4)));
        scorer.onSmoothedMap((m, t) -> regions.accept(t, m));
        for (int t = 0; t < T; t++) scorer.accept(map(t));
        int[] labels = {0, 0, 1, 1, 1, 0};
        FrameScores fs = scorer.finish("01", labels);
        assertEquals(T, regions.frames());
        assertEquals(new Box(4, 4, 7, 7), regions.regions(2).get(0).box());

        // labels on a frame twice the map's size: detections are scaled before matching
        List<List<Box>> truth = new ArrayList<>();
        for (int t = 0; t < T; t++) truth.add(labels[t] == 1 ? List.of(new Box(4 * t, 8, 4 * t + 6, 14)) : List.of());
        RegionLabels rl = RegionLabels.of(dir, "test boxes", 2 * W, 2 * H, true, truth, null, TrackLinker.defaults());
        Localization loc = Localization.evaluate(List.of(regions), Map.of("01", rl), "components", DetectionCriteria.standard());
        // the three true regions (score 1) come first, then the false one (0.5) at FPR 1/6: RBDC = TBDC = 1
        assertEquals(1.0, loc.summary().rbdc(), 1e-12);
        assertEquals(1.0, loc.summary().tbdc(), 1e-12);
        assertEquals(4, loc.summary().detections());

        Report r = ReportWriter.write(dir.resolve("report"), ProtocolCard.builder().dataset("toy").preset("tiny").scoring(ScoringConfig.paper(MapSmoothing.none(), 0)).build(), List.of(fs),
                ReportOptions.defaults(), loc);
        assertEquals(1.0, SummaryJson.read(r.summaryJson()).localization().rbdc(), 1e-12);
        List<String> csv = Files.readAllLines(dir.resolve("report/regions/01.csv"));
        assertEquals(RegionFiles.CSV_HEADER, csv.get(0));
        assertEquals("0,12,0,14,2,0.5", csv.get(1));
        assertEquals(5, csv.size());
        assertTrue(Files.isRegularFile(dir.resolve("report/regions/01.json")));
        assertTrue(Files.isRegularFile(dir.resolve("report/detection-curve.png")));
        assertTrue(Files.readString(r.markdown()).contains("| RBDC (region-based detection criterion) | 100.00 % |"));
        assertTrue(Files.readString(r.html()).contains("Where: RBDC and TBDC"));

        // without region labels: regions are still listed, no RBDC
        Localization none = Localization.evaluate(List.of(regions), Map.of(), "components", DetectionCriteria.standard());
        Report r2 = ReportWriter.write(dir.resolve("r2"), ProtocolCard.builder().dataset("toy").preset("tiny").scoring(ScoringConfig.paper(MapSmoothing.none(), 0)).build(), List.of(fs),
                ReportOptions.defaults(), none);
        assertNull(SummaryJson.read(r2.summaryJson()).localization());
        assertTrue(Files.isRegularFile(dir.resolve("r2/regions/01.csv")));
        assertTrue(!Files.readString(r2.markdown()).contains("RBDC"));
    }
}
