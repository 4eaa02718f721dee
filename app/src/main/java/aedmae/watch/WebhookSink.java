package aedmae.watch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * POSTs each event message as JSON to a URL. A failed POST (no answer, or a status other than
 * 2xx) is retried a few times with back-off; each message carries an {@code Idempotency-Key}
 * header (event id and phase) so a receiver can drop a retried duplicate. A message that still
 * fails is logged and dropped: the webhook never holds up the cameras.
 */
public final class WebhookSink implements EventSink {
    static final int ATTEMPTS = 4;
    private final URI url;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Consumer<String> log;

    public WebhookSink(URI url, Consumer<String> log) {
        if (url.getScheme() == null || !url.getScheme().startsWith("http")) throw new IllegalArgumentException("webhook " + url + ": need an http:// or https:// URL");
        this.url = url;
        this.log = log;
    }

    @Override
    public void accept(AnomalyEvent event) throws InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", event.id() + "/" + event.phase() + (event.phase().equals("update") ? "/" + event.frame() : ""))
                .POST(HttpRequest.BodyPublishers.ofString(JsonLinesSink.toJson(event))).build();
        String problem = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) Thread.sleep(250L << attempt);
            try {
                HttpResponse<Void> r = client.send(req, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) return;
                problem = "HTTP " + r.statusCode();
            } catch (java.io.IOException e) {
                problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }
        log.accept("webhook " + url + ": event " + event.id() + " " + event.phase() + " not delivered after " + ATTEMPTS + " attempts (" + problem + ")");
    }
}
