package aedmae.cluster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** The four topics of a cluster, and how they are created. Every record is keyed by camera id. */
public final class ClusterTopics {

    /** Compacted; key camera id, value the camera's config JSON; a tombstone removes the camera. */
    public static final String CAMERAS = "aedmae.cameras";
    /** Compacted; key camera id, value its {@link OpenEvent}; a tombstone when the event ends. */
    public static final String OPEN_EVENTS = "aedmae.open-events";
    /** Key camera id, value a {@link ScoreWindow}. */
    public static final String SCORES = "aedmae.scores";
    /** Key camera id, value an event message ({@link aedmae.watch.AnomalyEvent}) as a single node writes it. */
    public static final String EVENTS = "aedmae.events";

    /** The consumer group of the scorer nodes. */
    public static final String SCORER_GROUP = "aedmae.scorers";

    private ClusterTopics() {
    }

    /** Partitions of {@link #CAMERAS} when nobody says: room for up to 64 nodes. */
    public static final int DEFAULT_CAMERA_PARTITIONS = 64;
    /** Partitions of the other topics when nobody says. */
    public static final int DEFAULT_OUTPUT_PARTITIONS = 12;

    /**
     * Creates whichever of the four topics do not exist yet, with the default partitions and a
     * replication factor of three, or fewer on a smaller cluster.
     */
    public static List<String> ensure(String bootstrap) throws IOException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000))) {
            short replication = (short) Math.min(3, admin.describeCluster().nodes().get().size());
            return create(admin, DEFAULT_CAMERA_PARTITIONS, DEFAULT_OUTPUT_PARTITIONS, replication);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new IOException("no Kafka broker answered at " + bootstrap + " within 15 s", e.getCause());
            }
            throw new IOException("Kafka at " + bootstrap + ": " + e.getCause().getMessage(), e.getCause());
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new IOException("Kafka at " + bootstrap + ": " + e.getMessage(), e); // e.g. a bootstrap address that does not parse
        }
    }

    /**
     * Creates whichever of the four topics do not exist yet.
     *
     * @param cameraPartitions partitions of {@code cameras}: the unit of assignment, so many more than
     *     nodes (a camera moves with its partition)
     * @param outputPartitions partitions of the other three topics
     * @param replication replication factor (1 for a single local broker)
     * @return the names of the topics that were created
     */
    public static List<String> create(Admin admin, int cameraPartitions, int outputPartitions, short replication)
            throws InterruptedException, ExecutionException {
        Set<String> existing = admin.listTopics().names().get();
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        List<NewTopic> wanted = List.of(
                new NewTopic(CAMERAS, cameraPartitions, replication).configs(compacted),
                new NewTopic(OPEN_EVENTS, outputPartitions, replication).configs(compacted),
                new NewTopic(SCORES, outputPartitions, replication),
                new NewTopic(EVENTS, outputPartitions, replication));
        List<NewTopic> missing = new ArrayList<>();
        for (NewTopic t : wanted) {
            if (!existing.contains(t.name())) {
                missing.add(t);
            }
        }
        admin.createTopics(missing).all().get();
        return missing.stream().map(NewTopic::name).toList();
    }
}
