package aedmae.cluster;

import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How one scorer node talks to Kafka.
 *
 * @param bootstrap Kafka's bootstrap servers, {@code host:port[,host:port...]}
 * @param nodeId this node's stable name; it is the consumer group's {@code group.instance.id}, so a
 *     node restarted under the same name within the session timeout gets its cameras back without a
 *     reshuffle. Two live nodes must never share it.
 * @param sessionTimeoutMs how long the group waits for a silent node before its cameras move: the
 *     main part of the failover time
 * @param scoreWindowMs frame time folded into one {@link ScoreWindow}
 * @param staleEventMs an open event found on takeover whose state is older than this is ended at
 *     that time instead of continued
 */
public record NodeSettings(String bootstrap, String nodeId, int sessionTimeoutMs, long scoreWindowMs, long staleEventMs) {

    public NodeSettings {
        if (!nodeId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("node id '" + nodeId + "': use letters, digits, '.', '_' and '-' only");
        }
    }

    /** A 10 s session timeout, 1 s score windows, open events older than a minute ended on takeover. */
    public static NodeSettings defaults(String bootstrap, String nodeId) {
        return new NodeSettings(bootstrap, nodeId, 10_000, 1_000, 60_000);
    }

    public NodeSettings withSessionTimeoutMs(int ms) {
        return new NodeSettings(bootstrap, nodeId, ms, scoreWindowMs, staleEventMs);
    }

    public NodeSettings withScoreWindowMs(long ms) {
        return new NodeSettings(bootstrap, nodeId, sessionTimeoutMs, ms, staleEventMs);
    }

    /** The group member that is assigned partitions of {@link ClusterTopics#CAMERAS}. */
    Properties assignmentConsumer() {
        Properties p = KafkaClientProperties.consumer(bootstrap, "aedmae-" + nodeId + "-assignment");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, ClusterTopics.SCORER_GROUP);
        p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, nodeId);
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionTimeoutMs);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(100, sessionTimeoutMs / 5));
        // Cooperative: a rebalance moves only the partitions that change hands, and a partition is
        // revoked from its old owner before it is assigned to the new one.
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        // The compacted topic is re-read from the start on every assignment: no offsets to commit.
        return p;
    }

    /** A group-less reader of a whole compacted topic. */
    Properties tableConsumer(String purpose) {
        return KafkaClientProperties.consumer(bootstrap, "aedmae-" + nodeId + "-" + purpose);
    }

    /** Idempotent: a retried send is written once. Score windows wait up to 20 ms to share a batch. */
    Properties producer() {
        Properties p = KafkaClientProperties.producer(bootstrap, "aedmae-" + nodeId + "-out");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        return p;
    }
}
