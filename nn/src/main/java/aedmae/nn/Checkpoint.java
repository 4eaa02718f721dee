package aedmae.nn;

import aedmae.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Model checkpoints as safetensors with PyTorch's state-dict names and layouts, so a file
 * written here loads into the reference PyTorch model and back. Integer buffers
 * (num_batches_tracked) are stored as int64, everything else as float32.
 */
public final class Checkpoint {
    private Checkpoint() {}

    /** Writes every parameter and buffer of the module (atomically), with optional metadata. */
    public static void save(Module module, Path file, Map<String, String> metadata) throws IOException {
        SafeTensors.write(file, entries(module), metadata);
    }

    /** The module's state as safetensors entries (for callers that add more tensors). */
    public static Map<String, SafeTensors.Entry> entries(Module module) {
        Map<String, SafeTensors.Entry> out = new LinkedHashMap<>();
        module.namedState().forEach((name, p) -> {
            Tensor t = p.get();
            if (p.storedAs() == Parameter.StoredAs.I64) {
                float[] f = t.toArray();
                long[] l = new long[f.length];
                for (int i = 0; i < f.length; i++) l[i] = Math.round(f[i]);
                out.put(name, SafeTensors.Entry.ofLongs(l, t.shape()));
            } else {
                out.put(name, SafeTensors.Entry.of(t));
            }
        });
        return out;
    }

    /**
     * Loads a checkpoint into the module. With strict, every parameter and buffer must be present
     * and nothing else may be; shapes must always match. Errors name the file and each tensor.
     * Tensors in the file whose names start with one of ignorePrefixes are skipped.
     */
    public static Map<String, String> load(Module module, Path file, boolean strict, String... ignorePrefixes) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, Parameter> mine = module.namedState();
        Map<String, Tensor> state = new LinkedHashMap<>();
        outer:
        for (var e : c.tensors().entrySet()) {
            for (String p : ignorePrefixes) if (e.getKey().startsWith(p)) continue outer;
            Parameter p = mine.get(e.getKey());
            if (p != null && p.storedAs() != Parameter.StoredAs.I64 && e.getValue().floats() == null) {
                throw new IOException(file + ": tensor '" + e.getKey() + "' is " + e.getValue().dtype()
                        + ", a float weight needs F32, F64, F16 or BF16");
            }
            state.put(e.getKey(), e.getValue().toTensor());
        }
        try {
            module.loadStateDict(state, strict);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return c.metadata();
    }
}
