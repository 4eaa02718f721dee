package aedmae.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** metrics.jsonl: one JSON object per epoch, appended and flushed as each epoch ends. */
final class MetricsLog {
    private final Path file;
    private final Gson gson = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    MetricsLog(Path file) {
        this.file = file;
    }

    void append(EpochMetrics m) throws IOException {
        try {
            Files.writeString(file, gson.toJson(m) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IOException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Drops lines of epochs after the given point (a resumed run rewrites what it redoes). A
     * partial last line (a kill while appending) is dropped too; a damaged line before it is an
     * error naming the file and the line.
     */
    void truncateAfter(String stage, int epoch) throws IOException {
        if (!Files.exists(file)) return;
        StringBuilder keep = new StringBuilder();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            EpochMetrics m;
            try {
                m = gson.fromJson(line, EpochMetrics.class);
                if (m == null || m.stage() == null) throw new JsonParseException("no stage");
            } catch (JsonParseException e) {
                if (lines.subList(i + 1, lines.size()).stream().allMatch(String::isBlank)) break; // partial last line
                throw new IOException(file + ": line " + (i + 1) + " is not an epoch record (" + e.getMessage() + ")", e);
            }
            boolean later = stage.equals("teacher") ? (m.stage().equals("student") || m.epoch() > epoch)
                    : (m.stage().equals("student") && m.epoch() > epoch);
            if (!later) keep.append(line).append('\n');
        }
        Files.writeString(file, keep.toString());
    }
}
