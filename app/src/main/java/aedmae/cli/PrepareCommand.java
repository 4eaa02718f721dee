package aedmae.cli;

import aedmae.datasets.gradient.GradientMode;
import aedmae.datasets.prepare.DatasetPreparer;
import aedmae.datasets.prepare.PrepareOptions;
import aedmae.datasets.prepare.PrepareReport;
import aedmae.model.Preset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Set;
import java.util.concurrent.Callable;

/** `aedmae prepare`: check a dataset as distributed and build its caches. */
@Command(name = "prepare", mixinStandardHelpOptions = true, description = "Check a dataset (frames, labels, sizes, known traps), print a table, and build the frame and gradient caches.")
final class PrepareCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--preset", defaultValue = "ped2-fast", completionCandidates = PresetNames.class, description = "the preset whose input size the cache is built for; default ${DEFAULT-VALUE}")
    String preset;

    @Option(names = "--check-only", description = "check without building caches")
    boolean checkOnly;

    @Option(names = "--gradients", defaultValue = "median", description = "median (paper), plain (reference code) or both")
    String gradients;

    @Override
    public Integer call() {
        Preset p = Preset.named(preset);
        Set<GradientMode> modes = switch (gradients) {
            case "median" -> Set.of(GradientMode.MEDIAN);
            case "plain" -> Set.of(GradientMode.PLAIN);
            case "both" -> Set.of(GradientMode.MEDIAN, GradientMode.PLAIN);
            default -> throw new IllegalArgumentException("--gradients must be median, plain or both, got " + gradients);
        };
        PrepareOptions o = PrepareOptions.defaults(p.height(), p.width()).withGradientModes(modes).withBuildCache(!checkOnly)
                .withProgress((split, video, frames, done, total) -> System.err.printf("\r  %s %s: %d/%d frames   ", split, video, done, total));
        if (data.cache != null) o = o.withCacheDir(data.cache);
        PrepareReport r = new DatasetPreparer(o).prepare(data.data);
        System.err.println();
        System.out.print(r.toTable());
        if (r.hasErrors()) {
            System.err.println("aedmae: " + r.errors().size() + " problem(s) found; first: " + r.firstError().getMessage());
            return 2;
        }
        return 0;
    }
}
