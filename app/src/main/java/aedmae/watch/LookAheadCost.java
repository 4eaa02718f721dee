package aedmae.watch;

import aedmae.datasets.Video;
import aedmae.datasets.image.FrameReader;
import aedmae.eval.FrameLevelAuc;
import aedmae.eval.FrameLevelAucResult;
import aedmae.eval.FrameScores;
import aedmae.eval.ScoringConfig;
import aedmae.eval.VideoScorer;
import aedmae.eval.VideoScores;
import aedmae.model.Preset;

import java.util.ArrayList;
import java.util.List;

/**
 * What live scoring costs in AUC: each labelled video's Eq. 6 maps are computed once, then scored
 * offline ({@link VideoScorer}: centred 3-D filter and temporal Gaussian, the video's end known)
 * and live ({@link CausalScorer} with look-ahead D), and the frame-level AUCs compared.
 */
public final class LookAheadCost {
    private LookAheadCost() {}

    /** The AUCs of one scoring: micro and padded macro, in [0, 1]. */
    public record Row(String scoring, int latencyFrames, double micro, double macro) {}

    /**
     * @param videos     labelled videos
     * @param lookAheads the look-aheads D to try
     */
    public static List<Row> measure(MapScorer scorer, List<Video> videos, int[] lookAheads, int batch) {
        Preset p = scorer.preset();
        ScoringConfig config = scorer.options().scoring();
        List<VideoScores> offline = new ArrayList<>();
        List<List<VideoScores>> live = new ArrayList<>();
        for (int i = 0; i < lookAheads.length; i++) live.add(new ArrayList<>());
        int mapRadius = config.mapSmoothing().kernelT().length / 2;
        for (Video v : videos) {
            List<LiveFrame> frames = new ArrayList<>();
            List<float[]> maps = new ArrayList<>();
            // a look-ahead longer than the filter is the offline filter: the probe scorer just collects maps
            CausalScorer probe = new CausalScorer(config, 0, p.height(), p.width(), null, s -> frames.add(s.frame()));
            try (FrameReader r = v.source().open()) {
                Replay.run(r, v.name(), scorer, batch, probe, maps::add);
            }
            int[] labels = v.frameLabels(maps.size());
            VideoScorer off = new VideoScorer(p.height(), p.width(), config);
            for (float[] m : maps) off.accept(m);
            FrameScores fs = off.finish(v.name(), labels);
            offline.add(fs.smoothedScores());
            for (int i = 0; i < lookAheads.length; i++) {
                double[] s = new double[maps.size()];
                int[] k = {0};
                CausalScorer c = new CausalScorer(config, lookAheads[i], p.height(), p.width(), null, x -> s[k[0]++] = x.score());
                for (int t = 0; t < maps.size(); t++) c.accept(frames.get(t), maps.get(t));
                c.finish();
                live.get(i).add(new VideoScores(v.name(), s, labels));
            }
        }
        List<Row> rows = new ArrayList<>();
        rows.add(row("offline (centred filters, video end known)", -1, offline));
        for (int i = 0; i < lookAheads.length; i++) {
            int d = Math.min(lookAheads[i], config.temporal().radius());
            rows.add(row("live, look-ahead " + d, FrameWindow.OFFSET + mapRadius + d, live.get(i)));
        }
        return rows;
    }

    private static Row row(String name, int latency, List<VideoScores> v) {
        FrameLevelAucResult r = FrameLevelAuc.evaluate(v);
        return new Row(name, latency, r.micro(), r.macroPadded());
    }
}
