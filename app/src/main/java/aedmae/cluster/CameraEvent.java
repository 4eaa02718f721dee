package aedmae.cluster;

/**
 * One event message: an abnormal stretch of a camera's video starts, goes on, or ends.
 *
 * @param type {@code start}, {@code update} or {@code end}
 * @param camera the camera id
 * @param event the event id ({@code camera@startMs}), shared by its start, updates and end
 * @param startMs frame time of the event's first frame
 * @param timeMs frame time this message is about (the start frame for {@code start}, the frame
 *     that closed it for {@code end})
 * @param score the score of the frame at {@code timeMs}
 * @param peak the highest score of the event so far
 * @param node the node that sent it
 */
public record CameraEvent(String type, String camera, String event, long startMs, long timeMs, double score,
        double peak, String node) {

    public static final String START = "start";
    public static final String UPDATE = "update";
    public static final String END = "end";

    static CameraEvent of(String type, OpenEvent open, long timeMs, double score, String node) {
        return new CameraEvent(type, open.camera(), open.id(), open.startMs(), timeMs, score, open.peak(), node);
    }

    /**
     * What makes two messages the same, whichever node sent them: a start or an end is identified by
     * its event (camera and start frame time), an update by its event and frame time. A node that
     * resumes an event announces its start again; the relay drops the copy.
     */
    public String deduplicationKey() {
        return UPDATE.equals(type) ? event + "/" + type + "@" + timeMs : event + "/" + type;
    }

    public String toJson() {
        return ClusterJson.write(this);
    }

    public static CameraEvent fromJson(String json) {
        return ClusterJson.read(json, CameraEvent.class);
    }
}
