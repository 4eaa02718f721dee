package aedmae.eval;

/**
 * How a 1-D filter extends a line past its ends; the names and meanings are those of
 * {@code scipy.ndimage}. For a line {@code a b c d}:
 * <ul>
 *   <li>{@link #REFLECT} (scipy's default, half-sample symmetric): {@code d c b a | a b c d | d c b a}</li>
 *   <li>{@link #MIRROR} (whole-sample symmetric): {@code d c b | a b c d | c b a}</li>
 *   <li>{@link #NEAREST}: {@code a a a a | a b c d | d d d d}</li>
 *   <li>{@link #CONSTANT}: zeros outside, {@code 0 0 0 0 | a b c d | 0 0 0 0}</li>
 * </ul>
 * Extensions longer than the line repeat the pattern (as scipy does), so a kernel wider than the
 * line is fine.
 */
public enum Boundary {
    REFLECT, MIRROR, NEAREST, CONSTANT;

    /**
     * Index inside {@code [0, n)} that position {@code i} of the extended line reads, or -1 when it
     * reads the constant 0 ({@link #CONSTANT} outside the line).
     */
    public int index(int i, int n) {
        if (i >= 0 && i < n) return i;
        switch (this) {
            case REFLECT: {
                int m = Math.floorMod(i, 2 * n);
                return m < n ? m : 2 * n - 1 - m;
            }
            case MIRROR: {
                if (n == 1) return 0;
                int m = Math.floorMod(i, 2 * n - 2);
                return m < n ? m : 2 * n - 2 - m;
            }
            case NEAREST:
                return i < 0 ? 0 : n - 1;
            case CONSTANT:
                return -1;
            default:
                throw new AssertionError(this);
        }
    }

    /** Lower-case name as scipy spells the mode ({@code "reflect"}, ...). */
    public String scipyName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
