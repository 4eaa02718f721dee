package aedmae.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import aedmae.watch.AnomalyEvent;
import aedmae.watch.EventSink;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Turns the cluster's {@link ClusterTopics#EVENTS} topic back into what a single node writes: each
 * event message once (copies dropped by camera and frame time, {@link EventDeduplicator}) to every
 * sink, the same JSON-lines file and webhook calls as {@code aedmae watch} on one machine. Offsets
 * are committed after delivery, so a restarted relay goes on where it stopped.
 */
public final class EventRelay implements Runnable, AutoCloseable {

    /** The relay's consumer group; relays sharing it share the work. */
    public static final String GROUP = "aedmae.relay";

    private final KafkaConsumer<String, String> consumer;
    private final List<EventSink> outputs;
    private final EventDeduplicator seen = new EventDeduplicator(100_000);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private volatile boolean running = true;
    private Thread thread;

    public EventRelay(String bootstrap, List<EventSink> outputs) {
        Properties p = KafkaClientProperties.consumer(bootstrap, "aedmae-relay");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        this.consumer = new KafkaConsumer<>(p);
        this.outputs = List.copyOf(outputs);
    }

    /** Runs the relay on a thread of its own. */
    public EventRelay start() {
        thread = new Thread(this, "aedmae-relay");
        thread.start();
        return this;
    }

    /** Messages delivered so far. */
    public long delivered() {
        return delivered.get();
    }

    /** Copies dropped so far. */
    public long duplicates() {
        return duplicates.get();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(ClusterTopics.EVENTS));
            while (running) {
                try {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        relay(r);
                    }
                    consumer.commitSync();
                } catch (WakeupException e) {
                    // close()
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void relay(ConsumerRecord<String, String> r) {
        AnomalyEvent e;
        try {
            e = ClusterJson.read(r.value(), AnomalyEvent.class);
        } catch (RuntimeException ex) {
            System.err.println("aedmae relay: " + r.topic() + "/" + r.partition() + "@" + r.offset()
                    + ": not an event, skipped: " + ex.getMessage());
            return;
        }
        if (e == null || !seen.firstTime(e)) {
            duplicates.incrementAndGet();
            return;
        }
        for (EventSink out : outputs) {
            try {
                out.accept(e);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception ex) {
                System.err.println("aedmae relay: " + out.getClass().getSimpleName() + ": " + ex.getMessage());
            }
        }
        delivered.incrementAndGet();
    }

    @Override
    public void close() throws Exception {
        running = false;
        consumer.wakeup();
        if (thread != null) {
            thread.join(10_000);
        }
        for (EventSink out : outputs) {
            out.close();
        }
    }
}
