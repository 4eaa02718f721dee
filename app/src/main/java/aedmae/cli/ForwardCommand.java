package aedmae.cli;

import aedmae.model.AedMae;
import aedmae.model.Masking;
import aedmae.model.ModelOutput;
import aedmae.model.Preset;
import aedmae.nn.SafeTensors;
import aedmae.tensor.IntTensor;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * `aedmae forward`: one eval-mode forward pass on given tensors, so any pass can be reproduced and
 * compared with another implementation. Input file: `input` [B, 9, H, W] and `ids_keep` [B, K]
 * (int64). Output file: `teacher`, `student` [B, L, p*p*4] and `cls` [B, 1] (the probability).
 */
@Command(name = "forward", mixinStandardHelpOptions = true, description = "Run one eval-mode forward pass on tensors from a safetensors file and write the outputs.")
final class ForwardCommand implements Callable<Integer> {
    @Option(names = "--preset", required = true, description = "preset name", completionCandidates = PresetNames.class)
    String preset;

    @Option(names = "--checkpoint", required = true, description = "model checkpoint (.safetensors)")
    Path checkpoint;

    @Option(names = "--input", required = true, description = "safetensors with `input` [B,9,H,W] and `ids_keep` [B,K] (int64)")
    Path input;

    @Option(names = "--output", required = true, description = "where to write `teacher`, `student` and `cls`")
    Path output;

    @Option(names = "--no-head", description = "the checkpoint has no classification head (the reference code's configuration)")
    boolean noHead;

    @Override
    public Integer call() throws IOException {
        Preset p = Preset.named(preset);
        ModelFiles.requireFile("--input", input);
        ModelFiles.requireWritable("--output", output);
        AedMae model = ModelFiles.load("--checkpoint", checkpoint, p, !noHead, 0);
        model.eval();
        SafeTensors.Contents in = SafeTensors.read(input);
        SafeTensors.Entry x = in.tensors().get("input"), ids = in.tensors().get("ids_keep");
        if (x == null || ids == null) throw new IOException(input + ": needs tensors `input` [B,9,H,W] and `ids_keep` [B,K]; found " + in.tensors().keySet());
        Masking masking = Masking.fromKept(IntTensor.of(ids.asInts(), ids.shape()), p.tokens());
        ModelOutput out;
        try (var s = GradMode.disable()) {
            out = model.forward(x.toTensor(), masking);
        }
        Map<String, SafeTensors.Entry> result = new LinkedHashMap<>();
        result.put("teacher", SafeTensors.Entry.of(out.teacher()));
        result.put("student", SafeTensors.Entry.of(out.student()));
        result.put("cls", SafeTensors.Entry.of(out.clsProbability()));
        SafeTensors.write(output, result, Map.of("preset", p.name(), "checkpoint", checkpoint.toString()));
        System.out.printf("wrote %s: teacher %s, student %s, cls %s%n", output, shape(out.teacher()), shape(out.student()), shape(out.clsProbability()));
        return 0;
    }

    private static String shape(Tensor t) {
        return java.util.Arrays.toString(t.shape());
    }
}
