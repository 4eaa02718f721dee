package aedmae.datasets;

import java.nio.file.Path;

/**
 * A problem with the input data, naming the offending file or folder and the problem in one
 * line ("path: problem"). Everything in this module that meets bad input (an unreadable or
 * truncated image, frames of different sizes, an empty folder, labels that do not match the
 * frames, an unknown layout) throws this; the command-line tool prints {@link #getMessage()}
 * and exits with status 2.
 */
public final class DatasetException extends RuntimeException {
    private final Path path;
    private final String problem;

    public DatasetException(Path path, String problem) {
        this(path, problem, null);
    }

    public DatasetException(Path path, String problem, Throwable cause) {
        super(path + ": " + oneLine(problem), cause);
        this.path = path;
        this.problem = oneLine(problem);
    }

    /** The file or folder the problem is about. */
    public Path path() {
        return path;
    }

    /** The problem, without the path. */
    public String problem() {
        return problem;
    }

    private static String oneLine(String s) {
        return s == null ? "unknown problem" : s.replaceAll("\\s*[\\r\\n]+\\s*", "; ").trim();
    }
}
