package aedmae.demo;

import aedmae.datasets.regions.Box;
import aedmae.datasets.regions.BoxLists;
import aedmae.datasets.regions.RegionLabels;
import aedmae.datasets.regions.TrackLinker;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * A synthetic surveillance scene for the embedded demo, written on the fly in the common layout
 * (training/frames/NN/000.png, testing/frames/NN/..., testing/labels/NN.txt, and the abnormal
 * object's box per frame in testing/regions/NN.json), so the demo runs the real pipeline end to end
 * with no download, frame-level AUC and RBDC / TBDC included.
 *
 * <p>The scene: a static grey background with a lighter walkway and a few fixed fixtures, camera
 * noise, and pedestrians (dark upright ellipses) walking slowly left or right along the walkway.
 * Training videos hold only that. Each test video adds, in a middle stretch, one abnormal event
 * of one of three kinds, in the spirit of UCSD Ped2: a "cyclist" (a pedestrian-sized object
 * moving four times as fast), a "cart" (a large bright box) or a person crossing the scene
 * vertically, off the walkway. A frame is labelled abnormal while the abnormal object is visible.
 */
public final class DemoScene {
    public static final int HEIGHT = 120, WIDTH = 180;

    private final long seed;
    private final int trainVideos, testVideos, frames;

    public DemoScene(long seed, int trainVideos, int testVideos, int frames) {
        this.seed = seed;
        this.trainVideos = trainVideos;
        this.testVideos = testVideos;
        this.frames = frames;
    }

    /** The demo's default scene: 6 training and 4 test videos of 100 frames. */
    public static DemoScene standard(long seed) {
        return new DemoScene(seed, 6, 4, 100);
    }

    /**
     * Writes the dataset under root (skipped when a complete copy is already there); returns root.
     * Never overwrites what it did not write: a non-empty root that is not this scene, or an
     * interrupted write of it (marked by ".writing"), is refused.
     *
     * @throws IOException naming root when it holds anything else
     */
    public Path write(Path root) throws IOException {
        Path marker = root.resolve(".complete"), writing = root.resolve(".writing");
        if (Files.exists(marker) && Files.readString(marker).equals(signature())) return root;
        boolean ours = Files.exists(writing) && Files.readString(writing).equals(signature());
        if (!ours && Files.isDirectory(root)) {
            try (var entries = Files.list(root)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(root + ": already holds files that are not this demo scene (" + signature()
                            + "); choose another --out, the demo never overwrites what it did not write");
                }
            }
        } else if (!ours && Files.exists(root)) {
            throw new IOException(root + ": exists and is not a folder; choose another --out");
        }
        Files.createDirectories(root);
        Files.writeString(writing, signature());
        float[] background = background(new SplittableRandom(seed));
        for (int v = 0; v < trainVideos; v++) {
            writeVideo(root.resolve(String.format("training/frames/%02d", v + 1)), null, background, new SplittableRandom(seed * 31 + v), -1);
        }
        for (int v = 0; v < testVideos; v++) {
            Path labels = root.resolve(String.format("testing/labels/%02d.txt", v + 1));
            List<List<Box>> regions = writeVideo(root.resolve(String.format("testing/frames/%02d", v + 1)), labels, background,
                    new SplittableRandom(seed * 97 + v), v % 3);
            List<int[]> track = regions.stream().map(f -> new int[f.size()]).toList(); // one abnormal object: track 0
            BoxLists.writeJson(root.resolve(String.format("testing/regions/%02d.json", v + 1)),
                    RegionLabels.of(root.resolve("testing/regions"), "JSON boxes", WIDTH, HEIGHT, false, regions, track, TrackLinker.defaults()));
        }
        Files.writeString(marker, signature());
        Files.delete(writing);
        return root;
    }

    private String signature() {
        return "demo-scene v2 (region labels) seed=" + seed + " train=" + trainVideos + " test=" + testVideos + " frames=" + frames + " size=" + HEIGHT + "x" + WIDTH;
    }

    /** A walking (or abnormal) object: position, velocity, half sizes, brightness. */
    private static final class Walker {
        double x, y, vx, vy;
        final double rx, ry;
        final float shade;
        final boolean box;

        Walker(double x, double y, double vx, double vy, double rx, double ry, float shade, boolean box) {
            this.x = x; this.y = y; this.vx = vx; this.vy = vy; this.rx = rx; this.ry = ry; this.shade = shade; this.box = box;
        }

        boolean visible() {
            return x + rx >= 0 && x - rx < WIDTH && y + ry >= 0 && y - ry < HEIGHT;
        }
    }

    /** Writes one video's frames (and frame labels); returns, per frame, the abnormal object's box (empty when none is visible). */
    private List<List<Box>> writeVideo(Path dir, Path labelFile, float[] background, SplittableRandom rng, int anomalyKind) throws IOException {
        List<List<Box>> regions = new ArrayList<>();
        Files.createDirectories(dir);
        List<Walker> walkers = new ArrayList<>();
        for (int i = 0; i < 3; i++) walkers.add(pedestrian(rng, rng.nextDouble() * WIDTH));
        int start = frames * 3 / 10, end = frames * 8 / 10;
        Walker anomaly = null;
        StringBuilder labels = new StringBuilder();
        float[] img = new float[HEIGHT * WIDTH];
        for (int t = 0; t < frames; t++) {
            if (anomalyKind >= 0 && t == start) anomaly = abnormal(rng, anomalyKind);
            if (rng.nextDouble() < 0.04 && walkers.size() < 5) walkers.add(pedestrian(rng, rng.nextBoolean() ? -6 : WIDTH + 6));
            System.arraycopy(background, 0, img, 0, img.length);
            for (Walker w : walkers) draw(img, w);
            boolean abnormalNow = false;
            if (anomaly != null && t < end) {
                draw(img, anomaly);
                abnormalNow = anomaly.visible();
            }
            for (int i = 0; i < img.length; i++) img[i] += (float) (rng.nextGaussian() * 2.0);
            writePng(dir.resolve(String.format("%03d.png", t)), img);
            labels.append(abnormalNow ? "1\n" : "0\n");
            regions.add(abnormalNow ? List.of(box(anomaly)) : List.of());
            walkers.removeIf(w -> !w.visible() && (w.x < -10 || w.x > WIDTH + 10));
            for (Walker w : walkers) { w.x += w.vx; w.y += w.vy; }
            if (anomaly != null) {
                anomaly.x += anomaly.vx;
                anomaly.y += anomaly.vy;
                if (!anomaly.visible() && t > start + 5) anomaly = null;
            }
        }
        if (labelFile != null) {
            Files.createDirectories(labelFile.getParent());
            Files.writeString(labelFile, labels.toString());
        }
        return regions;
    }

    /** The pixels draw() may touch for w, clipped to the frame: the object's ground-truth region. */
    private static Box box(Walker w) {
        return Box.ofInclusive(Math.max(0, Math.floor(w.x - w.rx)), Math.max(0, Math.floor(w.y - w.ry)),
                Math.min(WIDTH - 1, Math.ceil(w.x + w.rx)), Math.min(HEIGHT - 1, Math.ceil(w.y + w.ry)));
    }

    private static Walker pedestrian(SplittableRandom rng, double x) {
        double y = 60 + rng.nextDouble() * 30;                       // on the walkway
        double speed = 0.6 + rng.nextDouble() * 0.6;
        boolean right = x < WIDTH / 2.0;
        return new Walker(x, y, right ? speed : -speed, (rng.nextDouble() - 0.5) * 0.1, 5, 12, 40 + (float) rng.nextDouble() * 40, false);
    }

    private static Walker abnormal(SplittableRandom rng, int kind) {
        boolean right = rng.nextBoolean();
        double x = right ? -8 : WIDTH + 8;
        double y = 60 + rng.nextDouble() * 30;
        return switch (kind) {
            case 0 -> new Walker(x, y, right ? 4.5 : -4.5, 0, 6, 11, 50, false);            // cyclist: fast
            case 1 -> new Walker(x, y, right ? 1.4 : -1.4, 0, 16, 10, 225, true);           // cart: large, bright box
            default -> new Walker(40 + rng.nextDouble() * 100, -12, 0, 1.4, 5, 12, 55, false); // crossing off the walkway
        };
    }

    private static void draw(float[] img, Walker w) {
        int x0 = (int) Math.floor(w.x - w.rx), x1 = (int) Math.ceil(w.x + w.rx);
        int y0 = (int) Math.floor(w.y - w.ry), y1 = (int) Math.ceil(w.y + w.ry);
        for (int y = Math.max(0, y0); y <= Math.min(HEIGHT - 1, y1); y++) {
            for (int x = Math.max(0, x0); x <= Math.min(WIDTH - 1, x1); x++) {
                double dx = (x - w.x) / w.rx, dy = (y - w.y) / w.ry;
                if (w.box || dx * dx + dy * dy <= 1) img[y * WIDTH + x] = w.shade;
            }
        }
    }

    private static float[] background(SplittableRandom rng) {
        float[] bg = new float[HEIGHT * WIDTH];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                float v = 100 + 50f * y / HEIGHT;                            // vertical gradient
                if (y >= 45 && y < 105) v += 35;                             // the walkway
                v += (float) (Math.sin(x * 0.37) * Math.cos(y * 0.23) * 6);  // fixed texture
                bg[y * WIDTH + x] = v;
            }
        }
        for (int k = 0; k < 4; k++) {                                        // fixtures (benches, bins)
            int bx = 10 + rng.nextInt(WIDTH - 40), by = rng.nextBoolean() ? 10 + rng.nextInt(25) : 108 + rng.nextInt(5);
            for (int y = by; y < Math.min(HEIGHT, by + 8); y++) for (int x = bx; x < bx + 22; x++) bg[y * WIDTH + x] = 70;
        }
        return bg;
    }

    private static void writePng(Path file, float[] img) throws IOException {
        BufferedImage out = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int g = Math.max(0, Math.min(255, Math.round(img[y * WIDTH + x])));
                out.setRGB(x, y, (g << 16) | (g << 8) | g);
            }
        }
        ImageIO.write(out, "png", file.toFile());
    }
}
