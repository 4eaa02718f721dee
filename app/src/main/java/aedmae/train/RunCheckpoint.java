package aedmae.train;

import aedmae.model.AedMae;
import aedmae.model.Stage;
import aedmae.nn.AdamW;
import aedmae.nn.Checkpoint;
import aedmae.nn.SafeTensors;
import aedmae.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resumable state of a run in ONE file (so a kill between two writes cannot leave them out
 * of step): the model's tensors under their reference names, the optimiser's moments under
 * "optimizer.", and the progress in the metadata (stage, completed epochs, steps, best score).
 * The file loads into the reference PyTorch model with strict=False (or ignoring "optimizer.").
 */
final class RunCheckpoint {
    static final String OPT = "optimizer.";

    private RunCheckpoint() {}

    /** Progress recorded with the model. */
    record Progress(Stage stage, int epoch, int step, double bestScore, String bestEpoch, String configJson) {}

    static void save(Path file, AedMae model, AdamW opt, Progress p) throws IOException {
        Map<String, SafeTensors.Entry> entries = Checkpoint.entries(model);
        if (opt != null) opt.state().forEach((k, t) -> entries.put(OPT + k, SafeTensors.Entry.of(t)));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "aedmae-run-1");
        meta.put("preset", model.preset().name());
        meta.put("stage", p.stage().label());
        meta.put("epoch", Integer.toString(p.epoch()));
        meta.put("step", Integer.toString(p.step()));
        meta.put("best_score", Double.toString(p.bestScore()));
        meta.put("best_epoch", p.bestEpoch());
        meta.put("config", p.configJson());
        SafeTensors.write(file, entries, meta);
    }

    /** Loads the model (and, when opt is not null, its moments); returns the recorded progress. */
    static Progress load(Path file, AedMae model, AdamW opt) throws IOException {
        if (!Files.exists(file)) throw new IOException(file + ": no checkpoint to resume from");
        Progress p = progress(file, SafeTensors.read(file).metadata());
        Checkpoint.load(model, file, true, OPT);
        if (opt != null) {
            Map<String, Tensor> state = new LinkedHashMap<>();
            SafeTensors.read(file).tensors().forEach((k, e) -> {
                if (k.startsWith(OPT)) state.put(k.substring(OPT.length()), e.toTensor());
            });
            opt.loadState(state, p.step());
        }
        return p;
    }

    static Progress peek(Path file) throws IOException {
        return progress(file, SafeTensors.read(file).metadata());
    }

    /** The progress recorded in a run checkpoint's metadata; a model-only file or a damaged record is one clear error. */
    private static Progress progress(Path file, Map<String, String> meta) throws IOException {
        if (!"aedmae-run-1".equals(meta.get("format"))) {
            throw new IOException(file + ": not a resumable run checkpoint (model weights only, no training progress);"
                    + " start a new run in another --out instead of --resume");
        }
        try {
            return new Progress(Stage.ofLabel(meta.get("stage")), Integer.parseInt(meta.get("epoch")), Integer.parseInt(meta.get("step")),
                    Double.parseDouble(meta.get("best_score")), java.util.Objects.requireNonNull(meta.get("best_epoch")),
                    java.util.Objects.requireNonNull(meta.get("config")));
        } catch (RuntimeException e) {
            throw new IOException(file + ": the run checkpoint's progress record is damaged (" + e.getMessage() + "); start a new run in another --out", e);
        }
    }
}
