package aedmae.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/** Reads every record of a topic, from its start, into a list, on a thread of its own. */
final class TopicCollector<T> implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final String topic;
    private final Function<String, T> parse;
    private final List<T> records = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    TopicCollector(String bootstrap, String topic, Function<String, T> parse) {
        this.consumer = new KafkaConsumer<>(KafkaClientProperties.consumer(bootstrap, "collector-" + topic));
        this.topic = topic;
        this.parse = parse;
        this.thread = new Thread(this::read, "collector-" + topic);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void read() {
        try {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null) {
                        synchronized (records) {
                            records.add(parse.apply(r.value()));
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // close()
        } finally {
            consumer.close(Duration.ZERO);
        }
    }

    /** What was read so far. */
    List<T> records() {
        synchronized (records) {
            return new ArrayList<>(records);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
