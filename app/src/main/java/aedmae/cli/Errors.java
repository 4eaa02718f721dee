package aedmae.cli;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Classifies failures for the command line: bad input (exit 2) or an internal error (exit 1). */
final class Errors {
    private Errors() {}

    /** Problems with what the user gave: files, flags, datasets, checkpoints. */
    static boolean isBadInput(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof IllegalArgumentException
                    || t.getClass().getSimpleName().equals("DatasetException")) {
                return true;
            }
        }
        return false;
    }

    /** The most informative message of the chain, on one line. */
    static String oneLine(Throwable e) {
        Throwable best = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t;
                if (t instanceof IOException || t instanceof IllegalArgumentException || t.getClass().getSimpleName().equals("DatasetException")) break;
            }
        }
        String m = best.getMessage() == null ? best.getClass().getSimpleName() : best.getMessage();
        // the file-system exceptions carry the bare path as their message: say what is wrong with it
        if (best instanceof java.nio.file.NoSuchFileException) m += ": no such file or folder";
        else if (best instanceof java.nio.file.AccessDeniedException) m += ": permission denied";
        return m.replace('\n', ' ').trim();
    }
}
