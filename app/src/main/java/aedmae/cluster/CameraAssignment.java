package aedmae.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A node's membership of the scorer group on the compacted {@link ClusterTopics#CAMERAS} topic: the
 * cameras in the partitions the group assigns to this node are the cameras it holds. On assignment a
 * partition is read from its start to its end and its cameras opened; later records open, reconfigure
 * (a new value) or remove (a tombstone) cameras; on revocation its cameras are closed before the
 * partition goes to another node.
 *
 * <p>Everything here, the rebalance callbacks included, runs on one thread: the one that calls
 * {@link #run}.
 */
final class CameraAssignment implements ConsumerRebalanceListener, Runnable {

    /** What the node does when its set of cameras changes. Called on the assignment thread. */
    interface Cameras {

        /** Opens these cameras (id to config JSON). */
        void open(Map<String, String> cameras);

        /** Closes these cameras, for the reason given. */
        void close(Collection<String> cameras, Why why);
    }

    /** Why cameras close here. */
    enum Why {
        /** deleted from the topic (a tombstone): their open events end */
        REMOVED,
        /** reconfigured, or their partition goes to another node: their open events go on */
        MOVED,
        /**
         * this node was dropped from the group (its session expired) and another node may hold them
         * already: nothing more may be written for them
         */
        LOST
    }

    private final KafkaConsumer<String, String> consumer;
    private final Cameras cameras;
    /** Cameras open here, by partition: id to config. */
    private final Map<TopicPartition, Map<String, String>> open = new HashMap<>();
    /** Partitions being read up to the end offset they had when assigned, and what was read so far. */
    private final Map<TopicPartition, Long> loadingUntil = new HashMap<>();
    private final Map<TopicPartition, Map<String, String>> loaded = new HashMap<>();
    private final Set<TopicPartition> owned = new java.util.HashSet<>();
    private volatile boolean running = true;
    private volatile boolean leaveOnStop = true;
    private volatile int assigned;

    CameraAssignment(Properties consumerProperties, Cameras cameras) {
        this.consumer = new KafkaConsumer<>(consumerProperties);
        this.cameras = cameras;
    }

    /** How many partitions of {@code cameras} this node holds now. */
    int assignedPartitions() {
        return assigned;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(ClusterTopics.CAMERAS), this);
            while (running) {
                try {
                    apply(consumer.poll(Duration.ofMillis(200)));
                    openLoadedPartitions();
                } catch (WakeupException e) {
                    // stop() or halt()
                }
            }
            if (leaveOnStop) {
                closeAll();
            }
        } finally {
            CloseOptions.GroupMembershipOperation membership = leaveOnStop
                    ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                    : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP;
            consumer.close(CloseOptions.groupMembershipOperation(membership)
                    .withTimeout(leaveOnStop ? Duration.ofSeconds(10) : Duration.ZERO));
        }
    }

    /** Closes this node's cameras (their open events handed over) and leaves the group at once. */
    void stop() {
        leaveOnStop = true;
        running = false;
        consumer.wakeup();
    }

    /**
     * Stops taking part without a word to the group, as a killed process would: its partitions move
     * only when its session times out.
     */
    void halt() {
        leaveOnStop = false;
        running = false;
        consumer.wakeup();
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        consumer.seekToBeginning(partitions);
        for (Map.Entry<TopicPartition, Long> e : consumer.endOffsets(partitions).entrySet()) {
            loadingUntil.put(e.getKey(), e.getValue());
            loaded.put(e.getKey(), new LinkedHashMap<>());
        }
        owned.addAll(partitions);
        assigned = owned.size();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        release(partitions, Why.MOVED);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        release(partitions, Why.LOST);
    }

    private void release(Collection<TopicPartition> partitions, Why why) {
        List<String> closing = new ArrayList<>();
        for (TopicPartition p : partitions) {
            loadingUntil.remove(p);
            loaded.remove(p);
            Map<String, String> held = open.remove(p);
            if (held != null) {
                closing.addAll(held.keySet());
            }
        }
        if (running && !closing.isEmpty()) {
            cameras.close(closing, why);
        }
        owned.removeAll(partitions);
        assigned = owned.size();
    }

    private void apply(Iterable<ConsumerRecord<String, String>> records) {
        Map<String, String> opening = new LinkedHashMap<>();
        List<String> closing = new ArrayList<>();
        List<String> removing = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            TopicPartition p = new TopicPartition(r.topic(), r.partition());
            Map<String, String> stage = loaded.get(p);
            if (stage != null) {
                if (r.value() == null) {
                    stage.remove(r.key());
                } else {
                    stage.put(r.key(), r.value());
                }
                continue;
            }
            Map<String, String> held = open.computeIfAbsent(p, k -> new HashMap<>());
            String before = held.get(r.key());
            if (r.value() == null) {
                if (before != null) {
                    held.remove(r.key());
                    removing.add(r.key());
                }
            } else if (!Objects.equals(before, r.value())) {
                if (before != null) {
                    closing.add(r.key()); // reconfigured: closed and opened with the new config
                }
                held.put(r.key(), r.value());
                opening.put(r.key(), r.value());
            }
        }
        if (!removing.isEmpty()) {
            cameras.close(removing, Why.REMOVED);
        }
        if (!closing.isEmpty()) {
            cameras.close(closing, Why.MOVED);
        }
        if (!opening.isEmpty()) {
            cameras.open(opening);
        }
    }

    /** Opens the cameras of every newly assigned partition that has been read to its end. */
    private void openLoadedPartitions() {
        Map<String, String> opening = new LinkedHashMap<>();
        Set<TopicPartition> done = new java.util.HashSet<>();
        for (Map.Entry<TopicPartition, Long> e : loadingUntil.entrySet()) {
            if (consumer.position(e.getKey()) >= e.getValue()) {
                done.add(e.getKey());
            }
        }
        for (TopicPartition p : done) {
            loadingUntil.remove(p);
            Map<String, String> cams = loaded.remove(p);
            open.put(p, cams);
            opening.putAll(cams);
        }
        if (!opening.isEmpty()) {
            cameras.open(opening);
        }
    }

    private void closeAll() {
        List<String> all = new ArrayList<>();
        open.values().forEach(m -> all.addAll(m.keySet()));
        open.clear();
        loadingUntil.clear();
        loaded.clear();
        if (!all.isEmpty()) {
            cameras.close(all, Why.MOVED);
        }
    }
}
