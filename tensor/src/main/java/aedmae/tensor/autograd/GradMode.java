package aedmae.tensor.autograd;

/**
 * Whether operations record the autograd graph (per thread). Inference and optimiser steps run
 * inside {@code try (var s = GradMode.disable()) { ... }}.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[]{true});

    private GradMode() {}

    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Disables recording until the returned scope is closed (restores the previous state). */
    public static Scope disable() {
        return set(false);
    }

    /** Enables recording until the returned scope is closed. */
    public static Scope enable() {
        return set(true);
    }

    private static Scope set(boolean value) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = value;
        return () -> flag[0] = previous;
    }

    /** A scope that restores the previous grad mode when closed. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
