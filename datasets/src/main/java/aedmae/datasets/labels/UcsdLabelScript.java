package aedmae.datasets.labels;

import aedmae.datasets.DatasetException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the frame labels of the original UCSD archive, a MATLAB script in the Test folder
 * ({@code UCSDped2/Test/UCSDped2.m}) with one line per test video such as
 * {@code TestVideoFile{end+1}.gt_frame = [61:180];} or, for several events,
 * {@code [5:90, 140:200]}: 1-based inclusive ranges, in video order.
 */
public final class UcsdLabelScript {
    private static final Pattern GT = Pattern.compile("gt_frame\\s*=\\s*\\[([^\\]]*)\\]");

    private UcsdLabelScript() {}

    public static List<FrameLabels> read(Path script) {
        String text;
        try {
            text = Files.readString(script, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new DatasetException(script, "unreadable label script (" + e.getMessage() + ")", e);
        }
        List<FrameLabels> out = new ArrayList<>();
        Matcher m = GT.matcher(text);
        while (m.find()) {
            List<int[]> ranges = new ArrayList<>();
            for (String tok : m.group(1).trim().split("[\\s,;]+")) {
                if (tok.isEmpty()) continue;
                try {
                    String[] ab = tok.split(":");
                    if (ab.length == 1) ranges.add(new int[] {Integer.parseInt(ab[0]), Integer.parseInt(ab[0])});
                    else if (ab.length == 2) ranges.add(new int[] {Integer.parseInt(ab[0]), Integer.parseInt(ab[1])});
                    else throw new NumberFormatException(tok);
                } catch (NumberFormatException e) {
                    throw new DatasetException(script, "cannot read frame range '" + tok + "' in gt_frame #" + (out.size() + 1));
                }
            }
            out.add(FrameLabels.ranges(script.resolveSibling(script.getFileName() + "#" + (out.size() + 1)),
                    ranges.toArray(int[][]::new)));
        }
        if (out.isEmpty()) throw new DatasetException(script, "no 'gt_frame = [...]' lines in label script");
        return out;
    }
}
