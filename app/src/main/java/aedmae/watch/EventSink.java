package aedmae.watch;

/**
 * Where events go (JSON lines, a webhook, a message bus). Called from one dispatch thread, in
 * order; a slow sink delays the other sinks but never the scoring.
 */
public interface EventSink extends AutoCloseable {
    void accept(AnomalyEvent event) throws Exception;

    @Override
    default void close() throws Exception {}
}
