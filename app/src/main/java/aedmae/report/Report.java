package aedmae.report;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link ReportWriter#write} produced. Paths are inside {@code dir}; a path is null when that
 * file was not written (e.g. no ROC chart without ground truth).
 *
 * @param summary   the evaluation written to {@code summary.json}
 * @param dir       the report folder
 * @param summaryJson {@code summary.json}
 * @param markdown  {@code report.md}
 * @param html      {@code report.html}
 * @param rocPng    {@code roc.png}: ROC of the final scores
 * @param histogramPng {@code histogram.png}: normal vs abnormal final scores
 * @param csvs      video name → {@code scores/<video>.csv}
 * @param plots     video name → {@code plots/<video>.png}
 */
public record Report(EvaluationSummary summary, Path dir, Path summaryJson, Path markdown, Path html, Path rocPng,
                     Path histogramPng, Map<String, Path> csvs, Map<String, Path> plots) {
    /** The folder where the caller puts anomaly-map overlays for the report to link: {@code <dir>/overlays}. */
    public static Path overlayDir(Path reportDir) {
        return reportDir.resolve(ReportWriter.OVERLAYS);
    }
}
