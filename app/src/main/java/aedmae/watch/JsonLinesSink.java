package aedmae.watch;

import com.google.gson.Gson;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends each event message as one JSON line to a file, flushed at once. */
public final class JsonLinesSink implements EventSink {
    private static final Gson GSON = new Gson();
    private final BufferedWriter out;

    public JsonLinesSink(Path file) throws IOException {
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** One event as a JSON line (no newline). */
    public static String toJson(AnomalyEvent e) {
        return GSON.toJson(e);
    }

    @Override
    public void accept(AnomalyEvent event) throws IOException {
        out.write(toJson(event));
        out.newLine();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
