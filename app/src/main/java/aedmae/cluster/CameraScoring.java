package aedmae.cluster;

/**
 * One camera on one node: turns its frame scores into score windows and event messages, keeps its
 * open event's state in Kafka, and resumes an event a previous holder left open.
 */
final class CameraScoring implements FrameScoreListener {

    private final String camera;
    private final ScoreDownsampler windows;
    private final EventTracker events;
    private final OutputPublisher out;
    private boolean closed;

    CameraScoring(String camera, ScoreDownsampler windows, EventTracker events, OutputPublisher out) {
        this.camera = camera;
        this.windows = windows;
        this.events = events;
        this.out = out;
    }

    /**
     * Takes over the event a previous holder of the camera left open (null: none). A recent one is
     * resumed and its start announced again (the relay drops the copy when the first announcement got
     * out; this one stands in when it did not). One whose last frame is older than {@code staleMs} is
     * ended at that frame.
     */
    synchronized void resume(OpenEvent left, long nowMs, long staleMs) {
        if (left == null) {
            return;
        }
        if (nowMs - left.lastMs() > staleMs) {
            out.event(CameraEvent.of(CameraEvent.END, left, left.lastMs(), left.lastScore(), events.node()));
            out.clearOpenEvent(camera);
            return;
        }
        events.resume(left);
        out.event(CameraEvent.of(CameraEvent.START, events.open(), left.startMs(), left.startScore(), events.node()));
    }

    @Override
    public synchronized void onFrame(long frameTimeMs, double score) {
        if (closed) {
            return;
        }
        ScoreWindow w = windows.add(frameTimeMs, score);
        if (w != null) {
            out.score(w);
        }
        for (CameraEvent e : events.onFrame(frameTimeMs, score)) {
            switch (e.type()) {
                case CameraEvent.START -> {
                    out.saveOpenEvent(events.open(), true);
                    out.event(e);
                }
                case CameraEvent.UPDATE -> {
                    out.saveOpenEvent(events.open(), false);
                    out.event(e);
                }
                default -> {
                    out.event(e);
                    out.clearOpenEvent(camera);
                }
            }
        }
    }

    /**
     * Stops this camera here. {@code handOver}: it moves to another node, which continues its open
     * event from the state stored now. Otherwise (the camera was removed) its open event ends.
     */
    synchronized void close(boolean handOver) {
        if (closed) {
            return;
        }
        closed = true;
        ScoreWindow w = windows.flush();
        if (w != null) {
            out.score(w);
        }
        OpenEvent open = events.open();
        if (open == null) {
            return;
        }
        if (handOver) {
            out.saveOpenEvent(open, true);
        } else {
            out.event(CameraEvent.of(CameraEvent.END, open, open.lastMs(), open.lastScore(), events.node()));
            out.clearOpenEvent(camera);
        }
    }

    /** Stops without writing anything, as a killed process would. */
    synchronized void halt() {
        closed = true;
    }
}
