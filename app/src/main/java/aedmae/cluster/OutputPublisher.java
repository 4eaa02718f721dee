package aedmae.cluster;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import aedmae.watch.AnomalyEvent;
import aedmae.watch.JsonLinesSink;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A node's writes to Kafka, all keyed by camera id through one idempotent producer: score windows,
 * event messages and open-event state.
 */
final class OutputPublisher implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final AtomicLong failedSends = new AtomicLong();
    private final Callback onSent = (metadata, error) -> {
        if (error != null && failedSends.getAndIncrement() % 100 == 0) {
            System.err.println("aedmae cluster: a record could not be written (" + failedSends.get() + " so far): " + error);
        }
    };
    private volatile boolean halted;

    OutputPublisher(Properties producerProperties) {
        this.producer = new KafkaProducer<>(producerProperties);
    }

    void score(ScoreWindow w) {
        send(ClusterTopics.SCORES, w.camera(), w.toJson());
    }

    /** An event message, as a single node writes it to its JSON-lines file. */
    void event(AnomalyEvent e) {
        send(ClusterTopics.EVENTS, e.camera(), JsonLinesSink.toJson(e));
    }

    /**
     * Writes a camera's open-event state; with {@code acknowledged}, waits until Kafka has it (the
     * state of a new event must be stored before its start is announced, so that whoever takes the
     * camera over knows about it).
     */
    void saveOpenEvent(OpenEvent e, boolean acknowledged) {
        var sent = send(ClusterTopics.OPEN_EVENTS, e.camera(), e.toJson());
        if (acknowledged && sent != null) {
            try {
                sent.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException ex) {
                if (!halted) {
                    System.err.println("aedmae cluster: open event of " + e.camera() + " not stored: " + ex);
                }
            }
        }
    }

    /** Writes the tombstone that says a camera has no open event. */
    void clearOpenEvent(String camera) {
        send(ClusterTopics.OPEN_EVENTS, camera, null);
    }

    long failedSends() {
        return failedSends.get();
    }

    private Future<?> send(String topic, String key, String value) {
        if (halted) {
            return null;
        }
        try {
            return producer.send(new ProducerRecord<>(topic, key, value), onSent);
        } catch (IllegalStateException e) {
            if (halted) {
                return null; // closed under us by halt()
            }
            throw e;
        }
    }

    /** Drops whatever is not yet sent, as a killed process would. */
    void halt() {
        halted = true;
        producer.close(Duration.ZERO);
    }

    @Override
    public void close() {
        if (!halted) {
            producer.close(Duration.ofSeconds(30));
        }
    }
}
