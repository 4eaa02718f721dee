package aedmae.report;

import aedmae.eval.FrameLevelAuc;
import aedmae.eval.MapSmoothing;
import aedmae.eval.ScoringConfig;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run did, stated so that any number it reports can be reproduced and compared fairly: the
 * data, the preset and seed, the scoring pipeline (Eq. 6 weights, 3-D filter, frame reduction,
 * temporal filter, normalisation), the macro-AUC padding convention, how the model was selected, the
 * epochs and wall time per stage, and the machine. The trainer fills it with {@link #builder()};
 * {@link ReportWriter} writes it into {@code summary.json} and the report page.
 *
 * @param dataset          e.g. {@code "ped2"}
 * @param preset           the preset's name, e.g. {@code "ped2-paper"}
 * @param seed             the run's seed (masking, sampling, synthetic anomalies)
 * @param scoring          the scoring pipeline
 * @param headlineMacro    which macro convention the run quotes first: {@link FrameLevelAuc#PADDED} or
 *                         {@link FrameLevelAuc#DEFINED_ONLY} (both are always computed and written)
 * @param modelSelection   how the evaluated checkpoint was chosen: e.g. {@code "last-epoch"},
 *                         {@code "validation"}, {@code "oracle-test"} (best on the test set: optimistic)
 * @param epochs           epochs per stage, in order (e.g. teacher → 100, student → 40)
 * @param wallTimeSeconds  wall time per stage in seconds, in order (e.g. teacher, student, scoring)
 * @param machine          the machine
 * @param createdAt        ISO-8601 instant the card was built
 * @param software         version or commit of the code that ran
 * @param settings         further preset details worth stating (input size, patch, batch, lr, ...), in order
 * @param notes            free text
 */
public record ProtocolCard(String dataset, String preset, long seed, ScoringConfig scoring, String headlineMacro,
                           String modelSelection, Map<String, Integer> epochs, Map<String, Double> wallTimeSeconds,
                           MachineInfo machine, String createdAt, String software, Map<String, String> settings,
                           String notes) {

    public ProtocolCard {
        epochs = epochs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(epochs));
        wallTimeSeconds = wallTimeSeconds == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(wallTimeSeconds));
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** A builder with the paper's scoring defaults ({@link ScoringConfig#paper}, no 3-D filter, temporal σ 0), padded macro first. */
    public static Builder builder() {
        return new Builder();
    }

    /** Fills a {@link ProtocolCard}; every setter returns this builder. */
    public static final class Builder {
        private String dataset = "unknown";
        private String preset = "unknown";
        private long seed;
        private ScoringConfig scoring = ScoringConfig.paper(MapSmoothing.none(), 0);
        private String headlineMacro = FrameLevelAuc.PADDED;
        private String modelSelection = "last-epoch";
        private final Map<String, Integer> epochs = new LinkedHashMap<>();
        private final Map<String, Double> wallTime = new LinkedHashMap<>();
        private MachineInfo machine;
        private String software = "unknown";
        private final Map<String, String> settings = new LinkedHashMap<>();
        private String notes = "";

        private Builder() {}

        public Builder dataset(String v) { dataset = v; return this; }
        public Builder preset(String v) { preset = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder scoring(ScoringConfig v) { scoring = v; return this; }
        public Builder software(String v) { software = v; return this; }
        public Builder notes(String v) { notes = v; return this; }
        public Builder machine(MachineInfo v) { machine = v; return this; }

        /** {@link FrameLevelAuc#PADDED} or {@link FrameLevelAuc#DEFINED_ONLY}. */
        public Builder headlineMacro(String v) {
            if (!FrameLevelAuc.PADDED.equals(v) && !FrameLevelAuc.DEFINED_ONLY.equals(v)) {
                throw new IllegalArgumentException("headline macro convention must be '" + FrameLevelAuc.PADDED + "' or '"
                        + FrameLevelAuc.DEFINED_ONLY + "', got '" + v + "'");
            }
            headlineMacro = v;
            return this;
        }

        /** e.g. "last-epoch", "validation", "oracle-test". */
        public Builder modelSelection(String v) { modelSelection = v; return this; }

        /** Epochs of one stage (kept in insertion order). */
        public Builder epochs(String stage, int n) { epochs.put(stage, n); return this; }

        /** Wall time of one stage in seconds (kept in insertion order; adding to a stage again sums). */
        public Builder wallTime(String stage, double seconds) { wallTime.merge(stage, seconds, Double::sum); return this; }

        /** A further setting worth stating (kept in insertion order). */
        public Builder setting(String key, Object value) { settings.put(key, String.valueOf(value)); return this; }

        /** The card; the machine is detected (device "cpu") when none was given. */
        public ProtocolCard build() {
            MachineInfo m = machine != null ? machine : MachineInfo.detect("cpu");
            return new ProtocolCard(dataset, preset, seed, scoring, headlineMacro, modelSelection, epochs, wallTime, m,
                    Instant.now().toString(), software, settings, notes);
        }
    }
}
