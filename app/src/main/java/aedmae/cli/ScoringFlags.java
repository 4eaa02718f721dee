package aedmae.cli;

import aedmae.localization.RegionOptions;
import aedmae.model.AedMae;
import aedmae.model.Preset;
import aedmae.score.ScoreOptions;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** The checkpoint and scoring flags shared by `eval` and `score`. */
final class ScoringFlags {
    @Option(names = "--checkpoint", required = true, description = "model checkpoint (.safetensors)")
    Path checkpoint;

    @Option(names = "--preset", defaultValue = "ped2-fast", completionCandidates = PresetNames.class, description = "preset; default ${DEFAULT-VALUE}")
    String preset;

    @Option(names = "--no-head", description = "the checkpoint has no classification head (the reference code's configuration)")
    boolean noHead;

    @Option(names = "--seed", defaultValue = "1", description = "fixes the scoring masks; default ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--passes", defaultValue = "2", description = "complementary masking passes per frame, or 0 for one pass without masking (the encoder sees every token); default ${DEFAULT-VALUE}")
    int passes;

    @Option(names = "--temporal-sigma", defaultValue = "3", description = "temporal Gaussian sigma (frames); default ${DEFAULT-VALUE}")
    double temporalSigma;

    @Option(names = "--tokens", defaultValue = "masked", description = "token source: masked (inpainting), visible or all passes; default ${DEFAULT-VALUE}")
    String tokens;

    @Option(names = "--class-aggregation", defaultValue = "mean", description = "class probability over passes: mean or max; default ${DEFAULT-VALUE}")
    String classAggregation;

    @Option(names = "--normalise", description = "per-video min-max normalisation of the final scores (a declared protocol variant; uses the whole test video)")
    boolean normalise;

    @Option(names = "--scoring", defaultValue = "paper", description = "paper (Eq. 6 and the flags above) or reference (the reference code's: one pass, mean teacher error, sigma 282, per-video min-max); default ${DEFAULT-VALUE}")
    String scoringName;

    @Option(names = "--weights", split = ",", description = "Eq. 6 weights alpha,beta,gamma (default the paper's 0.4,0.3,0.3; `train` prints calibrated ones)")
    double[] weights;

    @Option(names = "--regions", defaultValue = "components", description = "abnormal regions: components (blobs of the smoothed map) or hull (the paper's box around the abnormal patches); default ${DEFAULT-VALUE}")
    String regions;

    /** The region options of --regions for the preset's patch size. */
    RegionOptions regionOptions() {
        RegionOptions ro = RegionOptions.defaults(preset().patch());
        return switch (regions) {
            case "components" -> ro;
            case "hull" -> ro.withMode(RegionOptions.Mode.PATCH_HULL);
            default -> throw new IllegalArgumentException("--regions must be components or hull, got " + regions);
        };
    }

    Preset preset() {
        return Preset.named(preset);
    }

    /** The model of --preset with the weights of --checkpoint (strict: every tensor must match). */
    AedMae loadModel() throws IOException {
        return ModelFiles.load("--checkpoint", checkpoint, preset(), !noHead, seed);
    }

    /** Checks the numeric flags (before any file is read). */
    void checkFlags() {
        FlagChecks.range("--passes", passes, 0, FlagChecks.MAX_PASSES);
        FlagChecks.nonNegative("--temporal-sigma", temporalSigma);
        if (weights != null) for (double w : weights) FlagChecks.nonNegative("--weights", w);
    }

    ScoreOptions scoreOptions(Set<String> overlayVideos, int overlayStride) {
        int batch = Math.max(8, preset().batch());
        if (scoringName.equals("reference")) return ScoreOptions.reference(seed, batch).withOverlays(overlayVideos, Math.max(1, overlayStride));
        if (!scoringName.equals("paper")) throw new IllegalArgumentException("--scoring must be paper or reference, got " + scoringName);
        ScoreOptions so = ScoreOptions.defaults(seed, batch, temporalSigma).withPasses(passes)
                .with(aedmae.score.TokenSource.parse(tokens), aedmae.score.ClassAggregation.parse(classAggregation))
                .withOverlays(overlayVideos, Math.max(1, overlayStride));
        if (normalise) so = so.withTemporal(so.scoring().temporal(), aedmae.eval.Normalisation.MIN_MAX_PER_VIDEO);
        if (weights != null) {
            if (weights.length != 3) throw new IllegalArgumentException("--weights needs three numbers alpha,beta,gamma, got " + weights.length);
            so = so.withWeights(new aedmae.eval.ScoreWeights(weights[0], weights[1], weights[2]));
        }
        return so;
    }
}
