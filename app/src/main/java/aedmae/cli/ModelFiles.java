package aedmae.cli;

import aedmae.model.AedMae;
import aedmae.model.Preset;
import aedmae.nn.Checkpoint;
import aedmae.nn.SafeTensors;
import aedmae.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The files users name on the command line: each problem becomes one line naming the flag, the
 * file and what is wrong with it (missing, a folder, another preset's checkpoint).
 */
final class ModelFiles {
    private ModelFiles() {}

    /** An existing, readable regular file, or one line naming the flag and the file. */
    static Path requireFile(String flag, Path file) {
        if (file == null) throw new IllegalArgumentException(flag + " is required");
        if (Files.isDirectory(file)) throw new IllegalArgumentException(flag + " " + file + ": is a folder, expected a file");
        if (!Files.exists(file)) throw new IllegalArgumentException(flag + " " + file + ": no such file");
        if (!Files.isReadable(file)) throw new IllegalArgumentException(flag + " " + file + ": not readable (permissions)");
        return file;
    }

    /** A file the command will write: not a folder, in a folder that exists or can be made. */
    static Path requireWritable(String flag, Path file) {
        if (Files.isDirectory(file)) throw new IllegalArgumentException(flag + " " + file + ": is a folder, expected a file name");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && Files.exists(parent) && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException(flag + " " + file + ": " + parent + " is a file, not a folder");
        }
        return file;
    }

    /** A folder the command will write into (made if missing), checked before any long work starts. */
    static Path requireOutputFolder(String flag, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new IllegalArgumentException(flag + " " + dir + ": is a file, expected a folder");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException(flag + " " + dir + ": cannot create the folder (" + e.getMessage() + ")", e);
        }
        if (!Files.isWritable(dir)) throw new IllegalArgumentException(flag + " " + dir + ": not writable (permissions)");
        return dir;
    }

    /**
     * The model of a preset with the weights of a checkpoint (strict). A checkpoint of another
     * preset, or with/without the head, is named as such instead of listing every tensor.
     */
    static AedMae load(String flag, Path file, Preset preset, boolean head, long seed) throws IOException {
        requireFile(flag, file);
        AedMae model = new AedMae(preset, head, seed);
        try {
            Checkpoint.load(model, file, true);
            return model;
        } catch (IOException e) {
            String hint = whatItIs(file, preset, head);
            if (hint == null) throw e;
            throw new IOException(file + ": " + hint, e);
        }
    }

    /** "this is a `tiny` checkpoint, you asked for `ped2-fast`", or null when no preset fits it either. */
    private static String whatItIs(Path file, Preset asked, boolean askedHead) throws IOException {
        Map<String, SafeTensors.Entry> tensors = SafeTensors.read(file).tensors();
        for (Preset p : Preset.all().values()) {
            for (boolean head : new boolean[]{true, false}) {
                if (p.name().equals(asked.name()) && head == askedHead) continue;
                if (!fits(tensors, new AedMae(p, head, 0).stateDict())) continue;
                if (p.name().equals(asked.name())) {
                    return head ? "this checkpoint has the classification head: drop --no-head"
                            : "this checkpoint has no classification head: pass --no-head";
                }
                return "this is a `" + p.name() + "` checkpoint" + (head ? "" : " without the classification head")
                        + ", you asked for `" + asked.name() + "` (pass --preset " + p.name() + (head ? "" : " --no-head") + ")";
            }
        }
        return null;
    }

    private static boolean fits(Map<String, SafeTensors.Entry> file, Map<String, Tensor> model) {
        for (var e : model.entrySet()) {
            SafeTensors.Entry t = file.get(e.getKey());
            if (t == null || !Arrays.equals(t.shape(), e.getValue().shape())) return false;
        }
        return file.keySet().stream().allMatch(k -> model.containsKey(k) || k.startsWith("optimizer."));
    }
}
