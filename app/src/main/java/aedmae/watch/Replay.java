package aedmae.watch;

import aedmae.datasets.FrameFolder;
import aedmae.datasets.image.FrameReader;
import aedmae.datasets.image.RgbFrame;
import aedmae.datasets.image.VideoDecoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Scores a recorded video through the live pipeline ({@link FrameWindow}, {@link MapScorer},
 * {@link CausalScorer}) as fast as it decodes: for threshold calibration on normal video, and to
 * compare live with offline scoring.
 */
public final class Replay {
    private Replay() {}

    /** Scores every frame of reader; the causal scorer's sink receives them, and is finished at the end. */
    public static void run(FrameReader reader, String camera, MapScorer scorer, int batch, CausalScorer causal, Consumer<float[]> maps) {
        List<LiveFrame> pending = new ArrayList<>(batch);
        FrameWindow window = new FrameWindow(camera, scorer.preset().height(), scorer.preset().width(), pending::add);
        RgbFrame f;
        while ((f = reader.next()) != null) {
            window.push(f);
            if (pending.size() >= batch) flush(pending, scorer, causal, maps);
        }
        window.finish();
        flush(pending, scorer, causal, maps);
        causal.finish();
    }

    private static void flush(List<LiveFrame> pending, MapScorer scorer, CausalScorer causal, Consumer<float[]> maps) {
        if (pending.isEmpty()) return;
        float[][] m = scorer.maps(pending);
        for (int i = 0; i < m.length; i++) {
            if (maps != null) maps.accept(m[i]);
            causal.accept(pending.get(i), m[i]);
        }
        pending.clear();
    }

    /**
     * The videos under a path: a video file or frame folder is one; a folder of them (e.g. a
     * dataset's training/frames) is each of them, in name order.
     */
    public static List<Path> videos(Path path) throws IOException {
        if (Files.isRegularFile(path) || FrameFolder.containsImages(path)) return List.of(path);
        if (!Files.isDirectory(path)) throw new IOException(path + ": no such video file or folder");
        List<Path> out = new ArrayList<>();
        try (var s = Files.list(path)) {
            for (Path p : s.sorted().toList()) {
                if ((Files.isDirectory(p) && FrameFolder.containsImages(p)) || (Files.isRegularFile(p) && VideoDecoder.isVideo(p))) out.add(p);
            }
        }
        if (out.isEmpty()) throw new IOException(path + ": no video files or frame folders in it");
        return out;
    }

    /** Opens a video file or frame folder for reading at full speed. */
    public static FrameReader open(Path video) {
        return Files.isDirectory(video) ? FrameFolder.list(video).open() : new VideoDecoder(video);
    }
}
