package aedmae.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * POSTs each event as a JSON body to a URL; retries with back-off (0.5, 1, 2 s) on errors and 5xx
 * answers, then gives up on that event with an {@link IOException}.
 */
public final class WebhookEventOutput implements EventOutput {

    private static final int ATTEMPTS = 4;
    private final URI url;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public WebhookEventOutput(URI url) {
        this.url = url;
    }

    @Override
    public void deliver(CameraEvent event) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event.toJson())).build();
        String last = "";
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) {
                sleep(500L << (attempt - 1));
            }
            int status;
            try {
                status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                last = e.toString();
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while posting to " + url, e);
            }
            if (status < 400) {
                return;
            }
            if (status < 500) {
                throw new IOException(url + " refused event " + event.event() + ": HTTP " + status);
            }
            last = "HTTP " + status;
        }
        throw new IOException(url + " did not take event " + event.event() + " after " + ATTEMPTS + " attempts: " + last);
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
