/**
 * What an evaluation leaves behind, for people: per-video CSVs of frame scores, charts (ROC
 * curve, score versus frame, histogram, RBDC/TBDC detection curves), anomaly-map overlays and
 * frame strips, the protocol card and summary JSON, and the report page (Markdown and HTML, with
 * its localisation section). The numbers themselves come from {@code aedmae.eval} and
 * {@code aedmae.localization}; nothing here computes a score.
 *
 * <p>Dimension letters (as in {@code aedmae.eval}): T frames of a video, C channels, H/W height and
 * width of a frame or map. Images are {@code [C, H, W]} row-major float arrays unless a method says
 * otherwise; maps are {@code [H, W]}.
 */
package aedmae.report;
