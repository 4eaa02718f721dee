package aedmae.watch;

/**
 * One message about an anomaly event: it starts when a camera's score rises above its threshold,
 * is updated while it lasts, and ends when the score has stayed below the lower hysteresis level.
 * All messages of one event share its {@code id}.
 *
 * @param id        the event's id: camera, start frame and start time ("gate-1-000412-1764759600123")
 * @param phase     "start", "update" or "end"
 * @param camera    the camera's id
 * @param time      wall-clock time of the frame this message is about (ISO-8601, UTC)
 * @param frame     that frame's number in the camera's stream
 * @param score     its frame score
 * @param peak      the highest score of the event so far
 * @param threshold the camera's threshold
 * @param box       where the anomaly map is highest, in the decoded frame's pixels: x, y, width, height
 * @param startFrame the first frame of the event
 * @param endFrame  the last abnormal frame (end messages), else -1
 * @param snapshot  the snapshot image (map overlaid), or null
 * @param clip      the event clip, or null
 */
public record AnomalyEvent(String id, String phase, String camera, String time, long frame, double score, double peak,
                           double threshold, int[] box, long startFrame, long endFrame, String snapshot, String clip) {
    public AnomalyEvent withMedia(String snapshot, String clip) {
        return new AnomalyEvent(id, phase, camera, time, frame, score, peak, threshold, box, startFrame, endFrame, snapshot, clip);
    }
}
