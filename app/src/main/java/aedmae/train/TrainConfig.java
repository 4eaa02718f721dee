package aedmae.train;

import aedmae.datasets.gradient.GradientMode;
import aedmae.model.Preset;
import aedmae.model.StudentLoss;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a training run depends on. Defaults come from the preset; a JSON config file
 * (--config) and command-line flags override them. The resolved config is written next to the
 * checkpoints, so a run can be reproduced and resumed exactly.
 *
 * <p>The five switches are the components of the paper's Table 2, so the ablation can be rerun.
 */
public final class TrainConfig {
    public String preset = "ped2-fast";
    public long seed = 1;
    /** Epochs of stage 1 (teacher) and stage 2 (student); null = the preset's. */
    public Integer teacherEpochs, studentEpochs;
    /** Batch size and learning rate; null = the preset's. */
    public Integer batch;
    public Float lr;
    public float weightDecay = 0.05f;
    /** Constant (the paper) or cosine (decay to 1% over each stage). */
    public LrSchedule lrSchedule = LrSchedule.COSINE;
    public int warmupEpochs = 1;

    // --- Table 2 components
    public boolean motionWeights = true;
    public boolean selfDistillation = true;
    public boolean syntheticData = true;
    public boolean anomalyMaps = true;
    public boolean classificationHead = true;

    /**
     * The synthetic anomaly generator for training: "constant" (0.02-0.06 frame widths per frame,
     * no stretching, no temporal jumps) or "scene" (speeds from the scene's measured motion, scene
     * sizes, stretched sprites, temporal jumps). "constant" stays the default: on Ped2 at 4 + 2
     * epochs it won on validation (86.7 against 82.3 validation micro AUC, bench/RESULTS.md).
     * Validation events always come from the scene-fitted generator.
     */
    public String synthetic = "constant";
    /** Keep every epoch's model (checkpoints/epochs/), so the checkpoint can be chosen afterwards on validation. */
    public boolean keepEpochCheckpoints = true;
    /** Share of training samples with a synthetic anomaly (paper Table 4: 25% best). */
    public double syntheticShare = 0.25;
    /**
     * Share of the synthetic anomalies that are a real object of the sample's own video sped up 2-4x
     * (SpedUpObject). 0 by default: then the validation's sped-up kind is one training never sees.
     */
    public double syntheticSpedUp = 0;
    /** Median (paper: 3x3 median filter before the frame difference) or plain (reference code). */
    public GradientMode gradients = GradientMode.MEDIAN;
    /** Weight of the classification loss (Eq. 5) next to the reconstruction loss (Eq. 3). */
    public float clsWeight = 1f;
    /** Eq. 4 (motion-weighted, the paper) or the reference code's mean over masked tokens. */
    public StudentLoss studentLoss = StudentLoss.PAPER;

    // --- model selection
    /** Training videos kept aside for validation (the last ones by name), unless validationNames is set. */
    public int validationVideos = 2;
    public List<String> validationNames = new ArrayList<>();
    /**
     * Event layouts laid over the held-out videos for the final selection (each from its own seed;
     * the frames are the same, the events differ): more events judge the settings, at the cost of
     * scoring the held-out videos once per layout.
     * On Ped2 one layout (4 events) ranked the token sources 91.6 / 80.9 / 79.3 % (masked / all /
     * visible), four layouts (16 events) 88.6 / 87.6 / 87.6 %: one layout is too few events to choose.
     */
    public int validationLayouts = 4;
    /**
     * Layouts of the per-epoch validation, which also picks the teacher stage 2 starts from (the
     * first ones of the final selection's). 1 by default, the presets' timing; each more costs a
     * scoring pass over the held-out videos per epoch.
     */
    public int epochValidationLayouts = 1;
    /**
     * Whether the validation's kinds of event include a real object of the held-out video sped up
     * 2-4x (SpedUpObject; in the training mix only with syntheticSpedUp > 0). Off by default: the headline runs were
     * selected without it.
     */
    public boolean validationSpedUp = false;
    /**
     * Whether the final selection also tries scoring without masking (one pass in which the encoder
     * sees every token; {@code Reconstruction.UNMASKED}) beside the 2 complementary maskings. Off by
     * default: it costs two more passes over the held-out videos per checkpoint.
     */
    public boolean selectionUnmasked = false;
    /**
     * A teacher checkpoint to start stage 2 from, skipping stage 1 (null: train the teacher). Every
     * epoch draws its masks, dropout and batches from (seed, stage, epoch), so with the run's own
     * teacher epoch and the same configuration the students come out bit for bit as in the full run:
     * stage 2 can be repeated from another teacher at the cost of stage 2 alone.
     */
    public String fromTeacher;
    /** Validate (or evaluate, in oracle mode) every N epochs of each stage; 0 = only at the end. */
    public int evalEvery = 1;
    /** Best validation score, the last epoch, or (optimistic, and reports say so) the best test AUC. */
    public ModelSelection selection = ModelSelection.VALIDATION;

    // --- practicalities
    /** Stop each epoch after this many batches (0 = all): for smoke tests. */
    public int maxBatchesPerEpoch = 0;
    public int workers = 0;
    public String cacheDir;

    public static TrainConfig forPreset(String preset) {
        TrainConfig c = new TrainConfig();
        c.preset = preset;
        return c;
    }

    public static TrainConfig read(Path file) throws IOException {
        try {
            String text;
            try {
                text = Files.readString(file);
            } catch (java.nio.charset.CharacterCodingException e) { // found by fuzzing: the message named no file
                throw new IOException(file + ": not a UTF-8 text file (a config is JSON)", e);
            }
            TrainConfig c = fromJson(text);
            if (c == null) throw new IOException(file + ": empty config file");
            for (var f : TrainConfig.class.getFields()) { // a null in the file would surface later as an internal error
                if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) || f.getName().equals("cacheDir")
                        || f.getName().equals("fromTeacher") || Number.class.isAssignableFrom(f.getType())) continue; // boxed numbers: null = the preset's
                if (f.get(c) == null) throw new IOException(file + ": field '" + f.getName() + "' is null; give a value or leave the field out");
            }
            return c;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (JsonParseException e) {
            throw new IOException(file + ": not a valid config file: " + e.getMessage(), e);
        }
    }

    /**
     * A config from its JSON (null for an empty text). Files written before the overrides became
     * optional hold -1 (or 0) for "the preset's"; they read as null.
     */
    public static TrainConfig fromJson(String json) {
        TrainConfig c = gson().fromJson(json, TrainConfig.class);
        if (c == null) return null;
        if (c.teacherEpochs != null && c.teacherEpochs <= 0) c.teacherEpochs = null;
        if (c.studentEpochs != null && c.studentEpochs <= 0) c.studentEpochs = null;
        if (c.batch != null && c.batch <= 0) c.batch = null;
        if (c.lr != null && c.lr <= 0) c.lr = null;
        return c;
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, gson().toJson(this));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    public String toJson() {
        return gson().toJson(this);
    }

    private static Gson gson() {
        return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
    }

    /** The preset with this config's training overrides. */
    public Preset resolvedPreset() {
        return Preset.named(preset).withTraining(teacherEpochs, studentEpochs, batch, lr);
    }

    /** Checks every field; throws IllegalArgumentException naming the bad one. */
    public TrainConfig validate() {
        resolvedPreset();
        check(lrSchedule != null, "lrSchedule must be constant or cosine");
        check(gradients != null, "gradients must be median or plain");
        check(studentLoss != null, "studentLoss must be paper or reference");
        check(selection != null, "selection must be validation, last or oracle-test");
        check(synthetic.equals("scene") || synthetic.equals("constant"), "synthetic must be scene or constant, got " + synthetic);
        check((teacherEpochs == null || teacherEpochs > 0) && (studentEpochs == null || studentEpochs > 0) && (batch == null || batch > 0)
                && (lr == null || lr > 0), "teacherEpochs, studentEpochs, batch and lr must be positive when given");
        check(syntheticShare >= 0 && syntheticShare < 1, "syntheticShare must be in [0, 1), got " + syntheticShare);
        check(syntheticSpedUp >= 0 && syntheticSpedUp <= 1, "syntheticSpedUp must be in [0, 1], got " + syntheticSpedUp);
        check((lr == null || Float.isFinite(lr)) && Float.isFinite(weightDecay) && Float.isFinite(clsWeight), "lr, weightDecay and clsWeight must be finite numbers");
        check(validationLayouts >= 1, "validationLayouts must be at least 1");
        check(fromTeacher == null || Files.isRegularFile(Path.of(fromTeacher)), "fromTeacher: " + fromTeacher + ": no such teacher checkpoint");
        check(epochValidationLayouts >= 1, "epochValidationLayouts must be at least 1");
        check(validationVideos >= 0 && evalEvery >= 0 && warmupEpochs >= 0 && maxBatchesPerEpoch >= 0, "counts must not be negative");
        check(!(selection == ModelSelection.VALIDATION && validationVideos == 0 && validationNames.isEmpty()),
                "selection 'validation' needs validation videos (--val-videos > 0), or use --selection last");
        return this;
    }

    /** The constant of an option enum whose JSON name ({@code @SerializedName}) is value; throws naming the field. */
    public static <E extends Enum<E>> E choice(Class<E> type, String field, String value) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            String name = jsonName(e);
            if (name.equals(value)) return e;
            names.add(name);
        }
        throw new IllegalArgumentException("training config: " + field + " must be " + String.join(" or ", names) + ", got " + value);
    }

    /** The name an option constant has in config files and on the command line. */
    public static String jsonName(Enum<?> e) {
        try {
            com.google.gson.annotations.SerializedName n = e.getDeclaringClass().getField(e.name()).getAnnotation(com.google.gson.annotations.SerializedName.class);
            return n == null ? e.name() : n.value();
        } catch (NoSuchFieldException x) {
            throw new IllegalStateException(x);
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException("training config: " + message);
    }

    /** A one-line description of the ablation switches. */
    public String ablations() {
        return String.format("motion weights %s, self-distillation %s, synthetic data %s, anomaly maps %s, classification head %s",
                on(motionWeights), on(selfDistillation), on(syntheticData), on(anomalyMaps), on(classificationHead));
    }

    private static String on(boolean b) {
        return b ? "on" : "off";
    }
}
