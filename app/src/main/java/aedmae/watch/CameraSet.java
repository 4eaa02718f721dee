package aedmae.watch;

import java.util.List;

/**
 * The cameras a process watches; it may change at run time (an operator adds a camera, or a
 * cluster assigns cameras to nodes).
 */
public interface CameraSet {
    /** Starts watching a camera (calibrating its threshold first when its config asks for it). */
    void add(CameraConfig camera) throws java.io.IOException;

    /** Stops watching a camera: its open event is ended. Returns false when it was not watched. */
    boolean remove(String id);

    /** The ids of the cameras watched now. */
    List<String> ids();
}
