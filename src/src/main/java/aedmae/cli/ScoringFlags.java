package aedmae.cli;

import aedmae.model.AedMae;
import aedmae.model.Preset;
import aedmae.nn.Checkpoint;
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

    @Option(names = "--passes", defaultValue = "2", description = "complementary masking passes per frame; default ${DEFAULT-VALUE}")
    int passes;

    @Option(names = "--temporal-sigma", defaultValue = "3", description = "temporal Gaussian sigma (frames); default ${DEFAULT-VALUE}")
    double temporalSigma;

    Preset preset() {
        return Preset.named(preset);
    }

    /** The model of --preset with the weights of --checkpoint (strict: every tensor must match). */
    AedMae loadModel() throws IOException {
        AedMae model = new AedMae(preset(), !noHead, seed);
        Checkpoint.load(model, checkpoint, true);
        return model;
    }

    ScoreOptions scoreOptions(Set<String> overlayVideos, int overlayStride) {
        return ScoreOptions.defaults(seed, Math.max(8, preset().batch()), temporalSigma).withPasses(passes)
                .withOverlays(overlayVideos, Math.max(1, overlayStride));
    }
}
