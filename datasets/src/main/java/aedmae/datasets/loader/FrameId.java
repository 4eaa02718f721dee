package aedmae.datasets.loader;

/**
 * Which frame a sample was made from.
 *
 * @param video      the video's name ("01")
 * @param videoIndex its index in the dataset's training or test list
 * @param frame      frame index t, 0-based in the video's frame order
 */
public record FrameId(String video, int videoIndex, int frame) {
    @Override
    public String toString() {
        return video + "#" + frame;
    }
}
