package aedmae.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import aedmae.watch.AnomalyEvent;
import aedmae.watch.EventSink;

/**
 * One scorer node: a member of the scorer group that opens the cameras of its partitions on its
 * {@link CameraHost}, and publishes their downsampled scores and their events.
 *
 * <p>Failover: when a node dies, the group moves its partitions to the others after the session
 * timeout; they open its cameras and continue any event it left open, from the state in
 * {@link ClusterTopics#OPEN_EVENTS}. A camera is closed on its old node before the group assigns it
 * to a new one (cooperative rebalancing), so no camera is scored by two live members at once.
 *
 * <p>Use: {@code node = new ScorerNode(settings)}, build the host with {@link #eventSink()} as its
 * event sink, then {@code node.start(host)}.
 */
public final class ScorerNode implements AutoCloseable {

    private final NodeSettings settings;
    private final OutputPublisher out;
    private final KafkaEventSink events;
    private final CompactedTable openEvents;
    private final CameraAssignment assignment;
    private final Thread assignmentThread;
    /** Open cameras and their score windows in progress. */
    private final Map<String, ScoreDownsampler> cameras = new ConcurrentHashMap<>();
    /** Opens and closes cameras, one at a time and in the order the assignment asks. */
    private final ExecutorService cameraOps;
    private volatile CameraHost host;
    private volatile boolean halted;

    public ScorerNode(NodeSettings settings) {
        this.settings = settings;
        this.out = new OutputPublisher(settings.producer());
        this.cameraOps = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "aedmae-cameras-" + settings.nodeId());
            t.setDaemon(true);
            return t;
        });
        this.events = new KafkaEventSink(out, settings.nodeId());
        this.openEvents = new CompactedTable(settings.tableConsumer("open-events"), ClusterTopics.OPEN_EVENTS);
        this.assignment = new CameraAssignment(settings.assignmentConsumer(), new CameraAssignment.Cameras() {
            @Override
            public void open(Map<String, String> opening) {
                // opening may take long (a stream to connect, a threshold to calibrate): the group
                // member goes on polling meanwhile
                runCameraOp(() -> openCameras(opening), false);
            }

            @Override
            public void close(Collection<String> closing, CameraAssignment.Why why) {
                // after any opening still under way, and before the partition goes to another node
                runCameraOp(() -> closeCameras(closing, why), true);
            }
        });
        this.assignmentThread = new Thread(assignment, "aedmae-node-" + settings.nodeId());
    }

    /** Where the host sends its cameras' event messages. */
    public EventSink eventSink() {
        return events;
    }

    /** Joins the scorer group; cameras open on {@code cameraHost} as partitions are assigned. */
    public ScorerNode start(CameraHost cameraHost) {
        this.host = cameraHost;
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
            open(c.getKey(), c.getValue());
        }
    }

    private void open(String id, String config) {
        String stored = openEvents.get(id);
        OpenEvent left = stored == null ? null : OpenEvent.fromJson(stored);
        if (left != null && System.currentTimeMillis() - left.lastMs() > settings.staleEventMs()) {
            events.endStale(left);
            left = null;
        }
        ScoreDownsampler windows = new ScoreDownsampler(id, settings.nodeId(), settings.scoreWindowMs());
        AnomalyEvent resume = left == null ? null : left.resumeFrom();
        cameras.put(id, windows);
        if (left != null) {
            events.resumed(left);
        } else {
            events.opened(id);
        }
        try {
            host.open(id, config, resume, (frameTimeMs, score) -> {
                ScoreWindow w;
                synchronized (windows) {
                    w = windows.add(frameTimeMs, score);
                }
                if (w != null) {
                    out.score(w);
                }
            });
        } catch (IOException | RuntimeException e) {
            cameras.remove(id);
            System.err.println("aedmae cluster: camera " + id + " not opened: " + e.getMessage());
        }
    }

    private void closeCameras(Collection<String> closing, CameraAssignment.Why why) {
        for (String id : closing) {
            ScoreDownsampler windows = cameras.remove(id);
            if (windows == null || halted) {
                continue;
            }
            if (why != CameraAssignment.Why.REMOVED) {
                // its open event goes on elsewhere; its state is stored unless another node may have it already
                events.handingOver(id, why == CameraAssignment.Why.MOVED);
            }
            host.close(id);
            ScoreWindow last;
            synchronized (windows) {
                last = windows.flush();
            }
            if (last != null && why != CameraAssignment.Why.LOST) {
                out.score(last);
            }
        }
    }

    /** Runs an opening or closing after those asked for before it; {@code wait}: returns when it is done. */
    private void runCameraOp(Runnable op, boolean wait) {
        Future<?> done;
        try {
            done = cameraOps.submit(op);
        } catch (RejectedExecutionException e) {
            return; // halted
        }
        if (!wait) {
            return;
        }
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            System.err.println("aedmae cluster: closing cameras failed: " + e.getCause());
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
        cameraOps.shutdown();
        cameraOps.awaitTermination(30, TimeUnit.SECONDS);
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
        cameraOps.shutdownNow();
        assignment.halt();
        assignmentThread.join(30_000);
        cameraOps.awaitTermination(30, TimeUnit.SECONDS);
        for (String id : cameras.keySet()) {
            host.close(id);
        }
        cameras.clear();
        openEvents.close();
    }
}
