package aedmae.cluster;

/**
 * A camera's scores over a short interval, downsampled: what the {@link ClusterTopics#SCORES} topic
 * carries instead of every frame's score.
 *
 * @param camera the camera id
 * @param fromMs frame time of the first frame in the window
 * @param toMs frame time of the last frame in the window
 * @param frames how many frames were scored in it
 * @param max the highest score
 * @param mean the mean score
 * @param node the node that scored them
 */
public record ScoreWindow(String camera, long fromMs, long toMs, int frames, double max, double mean, String node) {

    public String toJson() {
        return ClusterJson.write(this);
    }

    public static ScoreWindow fromJson(String json) {
        return ClusterJson.read(json, ScoreWindow.class);
    }
}
