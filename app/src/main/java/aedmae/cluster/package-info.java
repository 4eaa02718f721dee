/**
 * Many scorer nodes, one set of cameras: {@code aedmae watch} spread over machines with Apache Kafka
 * as the coordinator. Frames never travel over Kafka; each node decodes and scores its own cameras,
 * and only assignments, downsampled scores and events do.
 *
 * <p>Topics ({@link aedmae.cluster.ClusterTopics}), every record keyed by camera id:
 * <ul>
 *   <li>{@code cameras}, compacted: the camera's config as the value; a tombstone removes it. It has
 *       many more partitions than there are nodes. Every node joins one consumer group on it, with a
 *       stable {@code group.instance.id}; the partitions a node is assigned are the cameras it opens
 *       ({@link aedmae.cluster.CameraAssignment}).</li>
 *   <li>{@code open-events}, compacted: the state of each camera's open event
 *       ({@link aedmae.cluster.OpenEvent}), a tombstone when it ends. The node that takes a camera
 *       over after a failover resumes the event instead of starting a second one.</li>
 *   <li>{@code scores}: one {@link aedmae.cluster.ScoreWindow} per camera and interval (downsampled).</li>
 *   <li>{@code events}: the watcher's event messages ({@link aedmae.watch.AnomalyEvent}: start,
 *       update, end), as JSON lines. Delivery is at least once; {@link aedmae.cluster.EventRelay}
 *       drops copies by camera and frame time and writes the JSON-lines file and webhook calls of a
 *       single node.</li>
 * </ul>
 *
 * <p>What a node needs from the live pipeline is one narrow interface, {@link aedmae.cluster.CameraHost}
 * (open a camera, continuing an open event when there is one, and call back with each frame's score;
 * close it), and an event sink ({@link aedmae.cluster.ScorerNode#eventSink()}). On a node,
 * {@link aedmae.cluster.WatcherHost} adapts {@link aedmae.watch.Watcher}. Score times are epoch
 * milliseconds of the frame ("frame time"), not of when the score was computed.
 */
package aedmae.cluster;
