package aedmae.cluster;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * One scorer node: a member of the scorer group that opens the cameras of its partitions on its
 * {@link CameraHost}, and publishes their scores and events.
 *
 * <p>Failover: when a node dies, the group moves its partitions to the others after the session
 * timeout; they open its cameras, and continue any event it left open from the state in
 * {@link ClusterTopics#OPEN_EVENTS}. A camera is closed on its old node before the group assigns it
 * to a new one (cooperative rebalancing), so no camera is scored by two live members at once.
 */
public final class ScorerNode implements AutoCloseable {

    private final NodeSettings settings;
    private final CameraHost host;
    private final OutputPublisher out;
    private final CompactedTable openEvents;
    private final CameraAssignment assignment;
    private final Thread assignmentThread;
    private final Map<String, CameraScoring> cameras = new ConcurrentHashMap<>();
    private volatile boolean halted;

    public ScorerNode(NodeSettings settings, CameraHost host) {
        this.settings = settings;
        this.host = host;
        this.out = new OutputPublisher(settings.producer());
        this.openEvents = new CompactedTable(settings.tableConsumer("open-events"), ClusterTopics.OPEN_EVENTS);
        this.assignment = new CameraAssignment(settings.assignmentConsumer(), new CameraAssignment.Cameras() {
            @Override
            public void open(Map<String, String> opening) {
                openCameras(opening);
            }

            @Override
            public void close(Collection<String> closing, boolean removed) {
                closeCameras(closing, removed);
            }
        });
        this.assignmentThread = new Thread(assignment, "aedmae-node-" + settings.nodeId());
    }

    /** Joins the scorer group; cameras open as partitions are assigned. */
    public ScorerNode start() {
        openEvents.start();
        assignmentThread.start();
        return this;
    }

    public String nodeId() {
        return settings.nodeId();
    }

    /** The cameras this node holds now. */
    public Set<String> openCameras() {
        return new TreeSet<>(cameras.keySet());
    }

    /** How many partitions of the cameras topic this node holds now. */
    public int assignedPartitions() {
        return assignment.assignedPartitions();
    }

    private void openCameras(Map<String, String> opening) {
        if (halted) {
            return;
        }
        try {
            // whatever a previous holder stored about these cameras' open events is read first
            openEvents.awaitCaughtUp(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (TimeoutException e) {
            System.err.println("aedmae cluster: " + ClusterTopics.OPEN_EVENTS + " not read within 30 s; "
                    + "open events of " + opening.keySet() + " may be reported again");
        }
        for (Map.Entry<String, String> c : opening.entrySet()) {
            if (halted) {
                return;
            }
            String id = c.getKey();
            EventThresholds thresholds;
            try {
                thresholds = EventThresholds.fromConfig(c.getValue(), settings.thresholds());
            } catch (RuntimeException e) {
                System.err.println("aedmae cluster: camera " + id + ": bad config, not opened: " + e.getMessage());
                continue;
            }
            CameraScoring scoring = new CameraScoring(id,
                    new ScoreDownsampler(id, settings.nodeId(), settings.scoreWindowMs()),
                    new EventTracker(id, settings.nodeId(), thresholds, settings.updateEveryMs()), out);
            String left = openEvents.get(id);
            scoring.resume(left == null ? null : OpenEvent.fromJson(left), System.currentTimeMillis(),
                    settings.staleEventMs());
            cameras.put(id, scoring);
            host.open(id, c.getValue(), scoring);
        }
    }

    private void closeCameras(Collection<String> closing, boolean removed) {
        for (String id : closing) {
            CameraScoring scoring = cameras.remove(id);
            host.close(id);
            if (scoring != null && !halted) {
                scoring.close(!removed);
            }
        }
    }

    /** Hands this node's cameras over (their open events stored) and leaves the group at once. */
    @Override
    public void close() throws InterruptedException {
        if (halted) {
            return;
        }
        assignment.stop();
        assignmentThread.join(30_000);
        openEvents.close();
        out.close();
    }

    /**
     * Stops as {@code kill -9} would, for failover drills: nothing more is written or flushed, the
     * group is not told, and the cameras stop; the group moves them after the session timeout.
     */
    public void halt() throws InterruptedException {
        halted = true;
        out.halt();
        cameras.values().forEach(CameraScoring::halt);
        for (String id : cameras.keySet()) {
            host.close(id);
        }
        cameras.clear();
        assignment.halt();
        assignmentThread.join(30_000);
        for (String id : cameras.keySet()) { // opened while halting
            host.close(id);
        }
        cameras.clear();
        openEvents.close();
    }
}
