package aedmae.report;

/**
 * What {@link ReportWriter} draws besides the always-written summary, CSVs and ROC chart.
 *
 * @param perVideoPlots    a score-versus-frame PNG per video
 * @param histogram        a histogram of normal vs abnormal final scores
 * @param perVideoRocCurves per-video ROC curves drawn faint behind the micro curve
 * @param embedImagesInHtml the HTML page carries its images inline (base64), so it stands alone
 */
public record ReportOptions(boolean perVideoPlots, boolean histogram, boolean perVideoRocCurves, boolean embedImagesInHtml) {
    /** Everything on. */
    public static ReportOptions defaults() {
        return new ReportOptions(true, true, true, true);
    }
}
