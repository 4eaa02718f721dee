package aedmae.report;

/** Makes AWT headless before any chart or image is drawn: reports render on machines without a display. */
final class Headless {
    private Headless() {}

    /**
     * Sets {@code java.awt.headless=true} unless the JVM was told otherwise. Must run before AWT's
     * toolkit starts, so every chart and overlay entry point calls it first.
     */
    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }
}
