package aedmae.report;

import aedmae.eval.FrameScores;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One video's frame scores as CSV: header {@code frame,raw,smoothed,label}, then one row per frame,
 * frame indices 0-based and consecutive, scores written with {@link Double#toString} (they read back
 * bit for bit), label 0 / 1 or empty when unknown. The video's name is the file name without
 * {@code .csv}.
 */
public final class FrameScoresCsv {
    private FrameScoresCsv() {}

    /** The header line. */
    public static final String HEADER = "frame,raw,smoothed,label";

    /** Writes the scores to {@code file} (parent folders created, file replaced). */
    public static void write(Path file, FrameScores scores) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            for (int t = 0; t < scores.frames(); t++) {
                w.write(Integer.toString(t));
                w.write(',');
                w.write(Double.toString(scores.raw()[t]));
                w.write(',');
                w.write(Double.toString(scores.smoothed()[t]));
                w.write(',');
                if (scores.labels() != null) w.write(Integer.toString(scores.labels()[t]));
                w.write('\n');
            }
        }
    }

    /**
     * Reads a file written by {@link #write}. Labels are null when every label cell is empty.
     *
     * @throws IOException naming the file and line on a malformed file
     */
    public static FrameScores read(Path file) throws IOException {
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".csv") ? fileName.substring(0, fileName.length() - 4) : fileName;
        List<double[]> rows = new ArrayList<>();
        int labelled = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.strip().equals(HEADER)) {
                throw new IOException(file + ": expected header '" + HEADER + "', found "
                        + (header == null ? "an empty file" : "'" + header + "'"));
            }
            String line;
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                String[] cells = line.split(",", -1);
                if (cells.length != 4) {
                    throw new IOException(file + ": line " + lineNo + " has " + cells.length + " cells, expected 4");
                }
                try {
                    int frame = Integer.parseInt(cells[0].strip());
                    if (frame != rows.size()) {
                        throw new IOException(file + ": line " + lineNo + " is frame " + frame + ", expected frame " + rows.size());
                    }
                    double raw = Double.parseDouble(cells[1].strip());
                    double smoothed = Double.parseDouble(cells[2].strip());
                    String l = cells[3].strip();
                    double label = -1;
                    if (!l.isEmpty()) {
                        int v = Integer.parseInt(l);
                        if (v != 0 && v != 1) throw new IOException(file + ": line " + lineNo + " has label " + v + ", expected 0 or 1");
                        label = v;
                        labelled++;
                    }
                    rows.add(new double[] {raw, smoothed, label});
                } catch (NumberFormatException e) {
                    throw new IOException(file + ": line " + lineNo + " is not a number row: '" + line + "'", e);
                }
            }
        }
        if (labelled != 0 && labelled != rows.size()) {
            throw new IOException(file + ": " + labelled + " of " + rows.size() + " frames have a label; expected all or none");
        }
        double[] raw = new double[rows.size()];
        double[] smoothed = new double[rows.size()];
        int[] labels = labelled == 0 ? null : new int[rows.size()];
        for (int t = 0; t < rows.size(); t++) {
            raw[t] = rows.get(t)[0];
            smoothed[t] = rows.get(t)[1];
            if (labels != null) labels[t] = (int) rows.get(t)[2];
        }
        return new FrameScores(name, raw, smoothed, labels);
    }
}
