package aedmae.datasets;

import java.nio.file.Path;
import java.util.Comparator;

/**
 * "Natural" name order: names are compared chunk by chunk, runs of digits by their numeric
 * value and other text character by character, so frame 2.jpg precedes 10.jpg and video
 * 01_0014 precedes 01_0025 precedes 02_0161.
 */
public final class NaturalOrder implements Comparator<String> {
    public static final NaturalOrder INSTANCE = new NaturalOrder();

    /** Paths ordered by the natural order of their file names. */
    public static final Comparator<Path> PATHS = Comparator.comparing(p -> p.getFileName().toString(), INSTANCE);

    private NaturalOrder() {}

    @Override
    public int compare(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i), cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i, sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) i++;
                while (j < b.length() && Character.isDigit(b.charAt(j))) j++;
                String da = strip(a.substring(si, i)), db = strip(b.substring(sj, j));
                if (da.length() != db.length()) return Integer.compare(da.length(), db.length());
                int c = da.compareTo(db);
                if (c != 0) return c;
            } else {
                if (ca != cb) return Character.compare(ca, cb);
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b); // "1.jpg" vs "001.jpg": a fixed order all the same
    }

    private static String strip(String digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') k++;
        return digits.substring(k);
    }
}
