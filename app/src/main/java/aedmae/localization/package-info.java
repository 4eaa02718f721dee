/**
 * Where the anomaly is: abnormal regions (boxes with a score) from a frame's anomaly map, and their
 * evaluation against region labels with the Region-Based and Track-Based Detection Criteria (RBDC,
 * TBDC) of Ramachandra and Jones ("Street Scene: A new dataset and evaluation protocol for video
 * anomaly detection", WACV 2020), as the AED-MAE supplementary reports them (region and track
 * overlap thresholds 0.1).
 *
 * <p>Dimension letters: T frames of a video; H, W rows and columns of a frame's anomaly map (the
 * scored frame, i.e. the model input). Boxes are in pixels, half-open ({@link aedmae.datasets.regions.Box}).
 *
 * <h2>Definitions followed (the paper's)</h2>
 * <ul>
 * <li>A ground-truth region of a frame is <b>detected</b> when some detected region of the same frame
 *     has IoU &ge; β (β = 0.1) with it. One detected region may detect several ground-truth regions.</li>
 * <li>A detected region is a <b>false positive</b> when its IoU with every ground-truth region of its
 *     frame is &lt; β. A detected region that overlaps only regions already detected is neither a
 *     true nor a false positive.</li>
 * <li>RBDR = detected ground-truth regions / all ground-truth regions; TBDR = detected tracks / all
 *     tracks, a track (one abnormal object followed through time) being detected when at least a
 *     fraction α (α = 0.1) of its regions is detected. FPR = false-positive regions / all test
 *     frames (normal frames included), i.e. false positives per frame.</li>
 * <li>The curve sweeps a threshold on the detected regions' scores (a region is kept when its score
 *     is at or above the threshold); RBDC and TBDC are the areas under the RBDR–FPR and TBDR–FPR
 *     curves for FPR from 0 to 1, so in [0, 1] (reported in %).</li>
 * </ul>
 *
 * <h2>Where the common public implementation differs, and what we do</h2>
 * The widely used Python code (Georgescu et al., TPAMI 2021, also used by later papers from the
 * same group) adds detections one at a time in descending score order and records a curve point
 * after each. Differences:
 * <ol>
 * <li><b>Ties</b>: it breaks equal scores by input order (one point per detection); we add all
 *     detections of equal score together (one point per distinct threshold), as a threshold sweep does.</li>
 * <li><b>Beyond FPR 1</b>: it integrates (trapezoids) up to the last point with FPR &le; 1 and holds
 *     that point's rate flat to FPR = 1 (also when the curve never reaches 1); we do the same.</li>
 * <li><b>IoU of boxes</b>: it uses inclusive integer boxes with the "+1" area convention; our
 *     {@link aedmae.datasets.regions.Box} is half-open and an inclusive box {@code x_min..x_max} is
 *     read as {@code [x_min, x_max + 1)}, which gives the same IoU for integer boxes.</li>
 * <li><b>Tracks</b>: it reads ground-truth tracks from track files (Avenue, ShanghaiTech); region
 *     labels given as pixel masks have no tracks, so we link the mask's blobs across frames
 *     ({@link aedmae.datasets.regions.TrackLinker}); track ids in a box list are used as given.</li>
 * <li><b>Regions per threshold</b>: the Street Scene paper's region scores come from its detector;
 *     for a pixel map one could re-threshold the map at every sweep level (regions then merge and
 *     split). We extract candidate regions once per frame ({@link RegionExtractor}) and sweep their
 *     scores, like the public code, whose detections also come with one score each.</li>
 * </ol>
 * Coordinates: detections are found on the scored frame (the model's H × W input) and scaled to
 * the label's frame size before matching.
 */
package aedmae.localization;
