package aedmae.watch;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The status page in a real headless browser (Debian's chromium and chromedriver, which `.ci/run`
 * installs), and the Prometheus endpoint, while a camera plays.
 */
class StatusPageBrowserTest {
    private static Path firstExecutable(String... candidates) {
        for (String c : candidates) if (Files.isExecutable(Path.of(c))) return Path.of(c);
        return null;
    }

    @Test
    void showsEachCamerasFrameScoreChartAndEventsAndServesMetrics(@TempDir Path dir) throws Exception {
        Path browser = firstExecutable("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
        Path driverBin = firstExecutable("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        Assumptions.assumeTrue(browser != null && driverBin != null,
                "chromium and chromedriver are not installed (apt-get install chromium chromium-driver; .ci/run does): browser test skipped");
        MapScorer scorer = LiveFixture.demoScorer();
        try (Watcher w = new Watcher(WatchOptions.defaults(dir).withClipSeconds(0), c -> scorer, List.of(), s -> {});
             StatusServer status = new StatusServer(w, "127.0.0.1", 0)) {
            // a threshold every frame exceeds: an event at once
            w.add(CameraConfig.of("lobby", LiveFixture.CLIP.toString()).withLoop(true).withThreshold(-1));
            LiveFixture.waitFor("scored frames", 60_000, () -> w.metrics().framesScored("lobby") > 30);
            String base = "http://127.0.0.1:" + status.port() + "/";

            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            for (String name : List.of("aedmae_watch_frames_in_total{camera=\"lobby\"}", "aedmae_watch_frames_scored_total{camera=\"lobby\"}",
                    "aedmae_watch_frames_skipped_total{camera=\"lobby\"}", "aedmae_watch_latency_seconds{camera=\"lobby\",quantile=\"0.95\"}",
                    "aedmae_watch_events_total{camera=\"lobby\"}", "aedmae_watch_camera_up{camera=\"lobby\"} 1")) {
                assertTrue(metrics.body().contains(name), name + " missing from /metrics:\n" + metrics.body());
            }

            ChromeOptions options = new ChromeOptions().setBinary(browser.toFile())
                    .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=" + dir.resolve("chrome"));
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverBin.toFile()).usingAnyFreePort().build();
            WebDriver driver = new ChromeDriver(service, options);
            try {
                driver.get(base);
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
                wait.until(d -> !d.findElements(By.id("cam-lobby")).isEmpty());
                // the page redraws every second: read it through scripts, each one consistent
                JavascriptExecutor js = (JavascriptExecutor) driver;
                // the latest frame with its map: an image the browser decoded
                // (one script: the page swaps the image's source every second)
                Number width = wait.until(d -> {
                    Number n = (Number) js.executeScript("const i = document.querySelector('#cam-lobby img'); return i.complete ? i.naturalWidth : 0;");
                    return n.intValue() > 0 ? n : null;
                });
                assertEquals(180, width.intValue(), "the decoded frame's width");
                // the score chart with its threshold line, and the event list
                wait.until(d -> (Boolean) js.executeScript("const p = document.querySelector('#cam-lobby svg.chart polyline');"
                        + " return p !== null && p.getAttribute('points').split(' ').length >= 2;"));
                assertEquals(Boolean.TRUE, js.executeScript("return document.querySelector('#cam-lobby svg.chart line') !== null;"), "threshold line");
                wait.until(d -> (Boolean) js.executeScript("return [...document.querySelectorAll('#cam-lobby table.events td')].some(td => td.textContent === 'start');"));
                String text = (String) js.executeScript("return document.querySelector('#cam-lobby').textContent;");
                assertTrue(text.contains("LIVE") && text.contains("fps") && text.contains("p95"), text);
                assertEquals(Boolean.TRUE, js.executeScript("return document.querySelector('#cam-lobby').classList.contains('alarm');"), "an open event marks the camera");
            } finally {
                driver.quit();
            }
        }
    }
}
