package aedmae.cli;

import aedmae.cluster.ClusterTopics;
import aedmae.cluster.NodeSettings;
import aedmae.cluster.ScorerNode;
import aedmae.cluster.WatcherHost;
import aedmae.watch.CameraConfig;
import aedmae.watch.Watcher;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;

/** What {@code watch --kafka} adds to a watcher: it becomes one scorer node of a cluster. */
final class ClusterNode {
    private final ScorerNode node;

    private ClusterNode(ScorerNode node) {
        this.node = node;
    }

    /**
     * Connects to Kafka (creating the cluster's topics when missing). Cameras given to {@code watch}
     * itself are not opened here: in a cluster, cameras come from the {@code cameras} topic.
     */
    static ClusterNode join(String bootstrap, String nodeId, List<CameraConfig> localCameras) throws Exception {
        String id = nodeId != null ? nodeId : hostName();
        if (!localCameras.isEmpty()) {
            System.out.println("with --kafka the cluster's cameras are watched (add them with `aedmae cluster add`); the "
                    + localCameras.size() + " given here are not opened by this node");
        }
        ClusterTopics.ensure(bootstrap);
        System.out.println("cluster: node " + id + " joining " + bootstrap);
        return new ClusterNode(new ScorerNode(NodeSettings.defaults(bootstrap, id)));
    }

    ScorerNode node() {
        return node;
    }

    /** Joins the scorer group: the cameras of this node's partitions open on the watcher. */
    void start(Watcher watcher, Path configBase) {
        node.start(new WatcherHost(watcher, configBase));
    }

    /** Hands this node's cameras over and leaves the group. */
    void leave() {
        try {
            node.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("no host name to name this node by: give --node-id", e);
        }
    }
}
