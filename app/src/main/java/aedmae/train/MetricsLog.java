package aedmae.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** metrics.jsonl: one JSON object per epoch, appended and flushed as each epoch ends. */
final class MetricsLog {
    private final Path file;
    private final Gson gson = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    MetricsLog(Path file) {
        this.file = file;
    }

    void append(EpochMetrics m) throws IOException {
        Files.writeString(file, gson.toJson(m) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Drops lines of epochs after the given point (a resumed run rewrites what it redoes). */
    void truncateAfter(String stage, int epoch) throws IOException {
        if (!Files.exists(file)) return;
        StringBuilder keep = new StringBuilder();
        boolean studentSeen = false;
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) continue;
            EpochMetrics m = gson.fromJson(line, EpochMetrics.class);
            boolean later = stage.equals("teacher") ? (m.stage().equals("student") || m.epoch() > epoch)
                    : (m.stage().equals("student") && m.epoch() > epoch);
            if (!later) keep.append(line).append('\n');
        }
        Files.writeString(file, keep.toString());
    }
}
