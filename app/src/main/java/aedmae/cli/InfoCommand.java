package aedmae.cli;

import aedmae.model.AedMae;
import aedmae.model.Preset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** `aedmae info`: a preset's shapes and the parameter count of each part of the model. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Print a preset's configuration and the parameter count of each part of the model.")
final class InfoCommand implements Callable<Integer> {
    @Option(names = "--preset", defaultValue = "avenue", description = "preset name (${COMPLETION-CANDIDATES}); default ${DEFAULT-VALUE}",
            completionCandidates = PresetNames.class)
    String preset;

    @Override
    public Integer call() {
        Preset p = Preset.named(preset);
        AedMae m = new AedMae(p, true, 0);
        System.out.printf("preset %s: %s%n", p.name(), p.description());
        System.out.printf("input %dx%d, patch %d, tokens %d (%dx%d grid), kept %d (mask ratio %.2f)%n",
                p.height(), p.width(), p.patch(), p.tokens(), p.gridH(), p.gridW(), p.keptTokens(), p.maskRatio());
        System.out.printf("encoder %d blocks, dim %d, %d heads; decoder %d blocks, dim %d, %d heads; student 1 block%n",
                p.encDepth(), p.encDim(), p.encHeads(), p.decDepth(), p.decDim(), p.decHeads());
        long head = m.parameterCountsByPart().getOrDefault("classification head", 0L);
        for (var e : m.parameterCountsByPart().entrySet()) System.out.printf("  %-22s %,12d%n", e.getKey(), e.getValue());
        System.out.printf("  %-22s %,12d%n", "total without head", m.parameterCount() - head);
        System.out.printf("  %-22s %,12d%n", "classification head", head);
        System.out.printf("  %-22s %,12d%n", "total", m.parameterCount());
        return 0;
    }
}
