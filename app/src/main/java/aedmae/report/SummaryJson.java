package aedmae.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes {@link EvaluationSummary} as pretty-printed JSON. Non-finite doubles (an
 * undefined AUC is NaN) are written as {@code null}, which JSON allows, and read back as NaN;
 * absent values are written as {@code null} too, so every field of the card appears.
 */
public final class SummaryJson {
    private SummaryJson() {}

    private static final TypeAdapter<Double> NULL_FOR_NON_FINITE = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Double value) throws IOException {
            if (value == null || !Double.isFinite(value)) out.nullValue();
            else out.value(value);
        }

        @Override
        public Double read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return Double.NaN;
            }
            return in.nextDouble();
        }
    };

    /** The Gson instance used for summaries (pretty printing, NaN as null). */
    public static Gson gson() {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls()
                .registerTypeAdapter(double.class, NULL_FOR_NON_FINITE)
                .registerTypeAdapter(Double.class, NULL_FOR_NON_FINITE)
                .create();
    }

    /** The summary as a JSON string. */
    public static String toJson(EvaluationSummary summary) {
        return gson().toJson(summary);
    }

    /** Writes the summary to file (parent folders created). */
    public static void write(Path file, EvaluationSummary summary) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            gson().toJson(summary, w);
            w.write('\n');
        }
    }

    /** Reads a summary; throws naming the file when it is not a summary. */
    public static EvaluationSummary read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            EvaluationSummary s = gson().fromJson(r, EvaluationSummary.class);
            if (s == null || s.protocol() == null) throw new IOException(file + ": not an evaluation summary (no protocol)");
            return s;
        } catch (JsonParseException e) {
            throw new IOException(file + ": malformed summary JSON: " + e.getMessage(), e);
        }
    }
}
