package aedmae.cluster;

import java.io.IOException;

/** Where the relay delivers each event message once: a JSON-lines file, a webhook, ... */
public interface EventOutput extends AutoCloseable {

    void deliver(CameraEvent event) throws IOException;

    @Override
    default void close() throws IOException {
    }
}
