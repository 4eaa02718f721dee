package aedmae.model;

import java.util.Locale;

/** The two training stages of AED-MAE (paper Sec. 3). */
public enum Stage {
    /** Stage 1: encoder, classification head and teacher decoder (Eq. 3 + Eq. 5). */
    TEACHER,
    /** Stage 2: the student decoder alone, everything else frozen (Eq. 4). */
    STUDENT;

    /** The name written in metrics, checkpoints and logs: "teacher" or "student". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The stage of a label written by {@link #label()}. */
    public static Stage ofLabel(String label) {
        for (Stage s : values()) if (s.label().equals(label)) return s;
        throw new IllegalArgumentException("unknown training stage '" + label + "' (known: teacher, student)");
    }

    @Override
    public String toString() {
        return label();
    }
}
