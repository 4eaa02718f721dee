package aedmae.score;

/**
 * Which passes a token's reconstruction is taken from when a frame is scored with several
 * maskings ({@link Reconstruction}). With one pass every token has one prediction and the
 * sources coincide.
 */
public enum TokenSource {
    /** The passes in which the token was masked: inpainting (the default so far). */
    MASKED,
    /** The passes in which the token was visible: reconstruction of what the encoder saw. */
    VISIBLE,
    /** Every pass, averaged (the reference code averages over all tokens of its single pass). */
    ALL;

    /** The flag spelling: masked, visible, all. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static TokenSource parse(String s) {
        for (TokenSource t : values()) if (t.tag().equals(s)) return t;
        throw new IllegalArgumentException("token source must be masked, visible or all, got " + s);
    }
}
