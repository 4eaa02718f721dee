package aedmae.datasets.labels;

import aedmae.datasets.DatasetException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The plain text label format for a user's own videos: one file per video, one 0 or 1 per frame
 * in frame order, separated by whitespace, commas or newlines; lines starting with '#' are
 * comments. For example {@code labels/myvideo.txt} with 300 lines of 0 or 1.
 */
public final class TextLabels {
    private TextLabels() {}

    public static FrameLabels read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new DatasetException(file, "unreadable label file (" + e.getMessage() + ")", e);
        }
        List<Integer> y = new ArrayList<>();
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            for (String tok : line.split("[\\s,;]+")) {
                if (tok.isEmpty()) continue;
                if (tok.equals("0")) y.add(0);
                else if (tok.equals("1")) y.add(1);
                else throw new DatasetException(file, "line " + (ln + 1) + ": '" + tok + "' is not a frame label (expected 0 or 1)");
            }
        }
        if (y.isEmpty()) throw new DatasetException(file, "no labels in file (expected one 0 or 1 per frame)");
        return FrameLabels.perFrame(file, y.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Writes one label per line (atomically). */
    public static void write(Path file, int[] labels) {
        StringBuilder sb = new StringBuilder(labels.length * 2);
        for (int v : labels) sb.append(v).append('\n');
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, sb);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot write labels (" + e.getMessage() + ")", e);
        }
    }
}
