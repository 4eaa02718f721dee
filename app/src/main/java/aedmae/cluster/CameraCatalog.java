package aedmae.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The cluster's camera list, the compacted {@link ClusterTopics#CAMERAS} topic: adding a camera is
 * writing its config under its id, removing it is writing a tombstone. The node whose partition the
 * id falls in opens or closes it.
 */
public final class CameraCatalog implements AutoCloseable {

    private final String bootstrap;
    private final KafkaProducer<String, String> producer;

    public CameraCatalog(String bootstrap) {
        this.bootstrap = bootstrap;
        this.producer = new KafkaProducer<>(KafkaClientProperties.producer(bootstrap, "aedmae-catalog"));
    }

    /** Adds a camera, or replaces its config (its node closes and reopens it). */
    public void put(String cameraId, String configJson) throws InterruptedException, ExecutionException,
            TimeoutException {
        if (!com.google.gson.JsonParser.parseString(configJson).isJsonObject()) {
            throw new IllegalArgumentException("camera " + cameraId + ": config is not a JSON object: " + configJson);
        }
        producer.send(new ProducerRecord<>(ClusterTopics.CAMERAS, cameraId, configJson)).get(30, TimeUnit.SECONDS);
    }

    /** Removes a camera: a tombstone under its id. */
    public void remove(String cameraId) throws InterruptedException, ExecutionException, TimeoutException {
        producer.send(new ProducerRecord<>(ClusterTopics.CAMERAS, cameraId, null)).get(30, TimeUnit.SECONDS);
    }

    /** Every camera now in the topic: id to config, read from the start to the current end. */
    public Map<String, String> list() throws InterruptedException, TimeoutException {
        try (CompactedTable cameras = new CompactedTable(KafkaClientProperties.consumer(bootstrap, "aedmae-catalog-list"),
                ClusterTopics.CAMERAS)) {
            cameras.start();
            cameras.awaitCaughtUp(Duration.ofSeconds(30));
            return cameras.snapshot();
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
