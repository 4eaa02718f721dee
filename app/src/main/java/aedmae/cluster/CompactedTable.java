package aedmae.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The latest value of every key of a compacted topic, kept up to date by a background reader of all
 * its partitions (no consumer group). {@link #awaitCaughtUp} waits until everything written before
 * the call has been read.
 */
final class CompactedTable implements AutoCloseable {

    private final String topic;
    private final KafkaConsumer<String, String> consumer;
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> catchUpRequests = new ConcurrentLinkedQueue<>();
    private final Thread reader;
    private volatile boolean running = true;

    CompactedTable(Properties consumerProperties, String topic) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(consumerProperties);
        this.reader = new Thread(this::read, "aedmae-table-" + topic);
        this.reader.setDaemon(true);
    }

    void start() {
        reader.start();
    }

    /** The latest value of {@code key}, or null when it has none or was deleted. */
    String get(String key) {
        return values.get(key);
    }

    /** Every key and its latest value, sorted by key. */
    java.util.SortedMap<String, String> snapshot() {
        return new java.util.TreeMap<>(values);
    }

    /** Returns once every record written to the topic before this call has been applied. */
    void awaitCaughtUp(Duration timeout) throws InterruptedException, TimeoutException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        catchUpRequests.add(done);
        consumer.wakeup();
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading " + topic + " failed", e.getCause());
        }
    }

    private void read() {
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        List<TopicPartition> partitions = null;
        try {
            while (running) {
                try {
                    if (partitions == null) {
                        partitions = consumer.partitionsFor(topic).stream()
                                .map(p -> new TopicPartition(topic, p.partition())).toList();
                        consumer.assign(partitions);
                        consumer.seekToBeginning(partitions);
                    }
                    for (CompletableFuture<Void> f; (f = catchUpRequests.poll()) != null; ) {
                        waiting.add(f);
                    }
                    if (!waiting.isEmpty()) {
                        // requests that came before this moment are served once these offsets are read
                        List<CompletableFuture<Void>> served = new ArrayList<>(waiting);
                        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                        while (running && !reached(end)) {
                            apply(consumer.poll(Duration.ofMillis(200)));
                        }
                        served.forEach(f -> f.complete(null));
                        waiting.removeAll(served);
                    } else {
                        apply(consumer.poll(Duration.ofMillis(200)));
                    }
                } catch (WakeupException e) {
                    // a new catch-up request, or close(): the loop looks at both
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                System.err.println("aedmae cluster: reader of " + topic + " stopped: " + e);
            }
            waiting.forEach(f -> f.completeExceptionally(e));
            catchUpRequests.forEach(f -> f.completeExceptionally(e));
        } finally {
            consumer.close(Duration.ZERO);
        }
    }

    private void apply(Iterable<ConsumerRecord<String, String>> records) {
        for (ConsumerRecord<String, String> r : records) {
            if (r.value() == null) {
                values.remove(r.key());
            } else {
                values.put(r.key(), r.value());
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        reader.join(10_000);
    }
}
