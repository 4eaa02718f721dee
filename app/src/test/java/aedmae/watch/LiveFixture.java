package aedmae.watch;

import aedmae.model.AedMae;
import aedmae.model.Preset;
import aedmae.nn.Checkpoint;
import aedmae.score.ScoreOptions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the live tests share: the demo model and media committed in examples/ (made by
 * examples/make-demo-media.sh), and a real streaming server: the ffmpeg program serving a clip
 * as live HTTP/MPEG-TS on loopback (`.ci/run` installs Debian's ffmpeg).
 */
final class LiveFixture {
    static final Path EXAMPLES = Path.of("..", "examples");
    static final Path CLIP = EXAMPLES.resolve("demo-cameras.mp4");
    static final Path NORMAL = EXAMPLES.resolve("demo-normal.mp4");
    static final Path LABELS = EXAMPLES.resolve("demo-cameras.labels.txt");
    static final Path MODEL = EXAMPLES.resolve("demo-model.safetensors");

    private LiveFixture() {}

    static MapScorer demoScorer() throws IOException {
        AedMae model = new AedMae(Preset.named("demo"), true, 1);
        Checkpoint.load(model, MODEL, true);
        return new MapScorer(model, ScoreOptions.defaults(1, 8, 4)); // σ 4: the demo model's short normal spikes smoothed away
    }

    static int[] labels() throws IOException {
        return Files.readAllLines(LABELS).stream().mapToInt(Integer::parseInt).toArray();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String ffmpeg() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "ffmpeg");
            if (Files.isExecutable(p)) return p.toString();
        }
        Assumptions.abort("the ffmpeg program is not installed (apt-get install ffmpeg; .ci/run does): live-stream tests skipped");
        return null;
    }

    /** ffmpeg serving the clip at its own rate as HTTP/MPEG-TS to one client at http://127.0.0.1:port/live.ts. */
    static Process serveHttp(Path clip, int port, boolean loop) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ffmpeg(), "-nostdin", "-v", "error", "-re"));
        if (loop) cmd.addAll(List.of("-stream_loop", "-1"));
        cmd.addAll(List.of("-i", clip.toString(), "-c", "copy", "-f", "mpegts", "-listen", "1", "http://127.0.0.1:" + port + "/live.ts"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /**
     * A real RTSP server (Debian's rtsp-server-perl, RTP over UDP) with ffmpeg publishing the clip,
     * looped at its own rate: read it at rtsp://127.0.0.1:clientPort/live. Returns both processes.
     */
    static List<Process> serveRtsp(Path clip, int clientPort) throws IOException, InterruptedException {
        Path server = Path.of("/usr/bin/rtsp-server-perl");
        if (!Files.isExecutable(server)) Assumptions.abort("rtsp-server-perl is not installed (apt-get install rtsp-server-perl; .ci/run does): RTSP test skipped");
        String ff = ffmpeg();
        int sourcePort = freePort();
        Process srv = new ProcessBuilder(server.toString(), "-c", "" + clientPort, "-s", "" + sourcePort, "--client_listen_address", "127.0.0.1",
                "--source_listen_address", "127.0.0.1", "--rtp_start_port", "" + (20000 + clientPort % 20000))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        // the publisher retries until the server listens
        Process pub = new ProcessBuilder("bash", "-c", "for i in $(seq 50); do " + ff + " -nostdin -v error -re -stream_loop -1 -i '" + clip
                + "' -c copy -f rtsp rtsp://127.0.0.1:" + sourcePort + "/live && break; sleep 0.2; done")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return List.of(srv, pub);
    }

    static void waitFor(String what, long timeoutMs, java.util.function.BooleanSupplier done) throws InterruptedException {
        long until = System.currentTimeMillis() + timeoutMs;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > until) throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            Thread.sleep(50);
        }
    }
}
