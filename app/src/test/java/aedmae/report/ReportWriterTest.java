package aedmae.report;

import aedmae.eval.FrameScores;
import aedmae.eval.MapSmoothing;
import aedmae.eval.ScoringConfig;
import aedmae.eval.VideoScorer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportWriterTest {
    @TempDir
    Path tmp;

    /** Three synthetic videos: two mixed, one abnormal throughout (as Ped2 08-11). */
    static List<FrameScores> videos() {
        Random rng = new Random(3);
        List<FrameScores> out = new ArrayList<>();
        ScoringConfig cfg = ScoringConfig.paper(MapSmoothing.none(), 2.0);
        int[][] ranges = {{20, 45}, {0, 29}, {5, 12}};
        int[] lengths = {60, 30, 40};
        String[] names = {"01", "08", "12"};
        for (int v = 0; v < 3; v++) {
            double[] raw = new double[lengths[v]];
            int[] labels = new int[lengths[v]];
            for (int t = 0; t < raw.length; t++) {
                labels[t] = t >= ranges[v][0] && t <= ranges[v][1] ? 1 : 0;
                raw[t] = 0.3 + 0.4 * labels[t] + 0.25 * rng.nextDouble();
            }
            out.add(VideoScorer.smoothFrameScores(names[v], raw, labels, cfg));
        }
        return out;
    }

    static ProtocolCard card() {
        return ProtocolCard.builder().dataset("ped2").preset("ped2-test").seed(17)
                .scoring(ScoringConfig.paper(MapSmoothing.gaussian(1, 2), 2.0)).modelSelection("last-epoch")
                .epochs("teacher", 100).epochs("student", 40).wallTime("teacher", 12.5).wallTime("student", 3)
                .machine(MachineInfo.detect("cpu")).software("test").setting("input size", "240x360").setting("patch", 4)
                .build();
    }

    @Test
    void writesEveryFileAndTheJsonReadsBack() throws IOException {
        Path dir = tmp.resolve("report");
        // Overlays are written by the caller before the report; the report links them.
        AnomalyOverlay.writePng(Report.overlayDir(dir).resolve("01_t030.png"), new BufferedImage(36, 24, BufferedImage.TYPE_INT_RGB));
        List<FrameScores> vs = videos();
        Report r = ReportWriter.write(dir, card(), vs);

        for (Path p : List.of(r.summaryJson(), r.markdown(), r.html(), r.rocPng(), r.histogramPng())) {
            assertTrue(Files.isRegularFile(p), p + " exists");
        }
        assertPng(r.rocPng(), 640, 640);
        assertPng(r.histogramPng(), 800, 400);
        for (FrameScores v : vs) {
            assertPng(dir.resolve("plots").resolve(v.name() + ".png"), 900, 360);
            FrameScores back = FrameScoresCsv.read(dir.resolve("scores").resolve(v.name() + ".csv"));
            assertEquals(v.frames(), back.frames());
        }

        EvaluationSummary s = SummaryJson.read(r.summaryJson());
        assertEquals("ped2", s.protocol().dataset());
        assertEquals(17, s.protocol().seed());
        assertEquals(0.4, s.protocol().scoring().weights().alpha());
        assertEquals(MapSmoothing.Kind.GAUSSIAN, s.protocol().scoring().mapSmoothing().kind());
        assertEquals(40, s.protocol().epochs().get("student"));
        assertEquals(12.5, s.protocol().wallTimeSeconds().get("teacher"));
        assertEquals("240x360", s.protocol().settings().get("input size"));
        assertEquals(3, s.videos());
        assertEquals(130, s.frames());
        assertEquals(26 + 30 + 8, s.abnormalFrames());
        assertEquals(r.summary().smoothed().micro(), s.smoothed().micro());
        assertEquals(List.of("08"), s.smoothed().skippedInDefinedOnly());
        assertTrue(Double.isNaN(s.smoothed().perVideo().get(1).auc()), "undefined AUC is null in JSON and NaN back");
        assertTrue(Files.readString(r.summaryJson()).contains("\"auc\": null"));

        String md = Files.readString(r.markdown());
        assertTrue(md.contains("![ROC curve](roc.png)"));
        assertTrue(md.contains("(plots/08.png)"));
        assertTrue(md.contains("(scores/12.csv)"));
        assertTrue(md.contains("overlays/01_t030.png"));
        assertTrue(md.contains("08"), "skipped video named");
        String html = Files.readString(r.html());
        assertTrue(html.contains("data:image/png;base64,"), "images inline");
        assertTrue(html.contains("href=\"scores/01.csv\""));
        assertTrue(html.contains("macro, defined-only"));
    }

    @Test
    void unlabelledVideosGetCsvsAndPlotsButNoAuc() throws IOException {
        List<FrameScores> vs = new ArrayList<>();
        for (FrameScores v : videos()) vs.add(new FrameScores(v.name(), v.raw(), v.smoothed(), null));
        Report r = ReportWriter.write(tmp.resolve("r2"), card(), vs, new ReportOptions(true, true, true, false));
        assertFalse(r.summary().evaluated());
        assertNull(r.rocPng());
        assertTrue(Files.isRegularFile(r.csvs().get("12")));
        assertTrue(Files.readString(r.html()).contains("src=\"plots/01.png\""), "images linked, not inline");
        assertNull(SummaryJson.read(r.summaryJson()).smoothed());
    }

    @Test
    void duplicateNamesAreRejected() {
        FrameScores a = videos().get(0);
        assertThrows(IllegalArgumentException.class, () -> ReportWriter.write(tmp.resolve("r3"), card(), List.of(a, a)));
    }

    @Test
    void protocolCardNamesTheChoices() {
        EvaluationSummary s = new EvaluationSummary(card(), 0, 0, -1, null, null);
        String rows = ReportWriter.protocolRows(s).stream().map(r -> r[0] + "=" + r[1]).reduce("", (a, b) -> a + "\n" + b);
        assertTrue(rows.contains("α = 0.4, β = 0.3, γ = 0.3"), rows);
        assertTrue(rows.contains("Gaussian σ = 2 frames, window 17 (radius 8), boundary reflect"), rows);
        assertTrue(rows.contains("macro-AUC convention quoted first=padded"), rows);
        assertTrue(rows.contains("model selection=last-epoch"), rows);
        assertTrue(rows.contains("epochs, teacher=100"), rows);
        assertNotNull(s.protocol().machine().cpuModel());
    }

    @Test
    void builderRejectsUnknownConvention() {
        assertThrows(IllegalArgumentException.class, () -> ProtocolCard.builder().headlineMacro("both"));
    }

    static void assertPng(Path p, int w, int h) throws IOException {
        BufferedImage img = ImageIO.read(p.toFile());
        assertNotNull(img, p + " decodes");
        assertEquals(w, img.getWidth(), p + " width");
        assertEquals(h, img.getHeight(), p + " height");
    }
}
