package aedmae.model;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model and training configuration, read from the shared presets file
 * (src/main/resources/aedmae/presets.json, also read by the PyTorch peer in tools/).
 *
 * <p>Derived sizes: grid Hp x Wp = (H/p) x (W/p), tokens L = Hp*Wp, kept tokens
 * K = floor(L*(1-maskRatio)). The encoder lays its K kept tokens out as an Hp x (K/Hp) grid
 * (the reference's quirk), so K must be a multiple of Hp.
 */
public record Preset(String name, String description, int height, int width, int patch,
                     int encDim, int encDepth, int encHeads, int decDim, int decDepth, int decHeads,
                     int mlpRatio, float maskRatio, float dropout,
                     int teacherEpochs, int studentEpochs, int batch, float lr) {

    public Preset {
        if (height <= 0 || width <= 0 || patch <= 0 || height % patch != 0 || width % patch != 0) {
            throw new IllegalArgumentException("preset " + name + ": input " + height + "x" + width + " must be a positive multiple of the patch " + patch);
        }
        if (encDim % encHeads != 0 || decDim % decHeads != 0) {
            throw new IllegalArgumentException("preset " + name + ": dims must divide into heads (" + encDim + "/" + encHeads + ", " + decDim + "/" + decHeads + ")");
        }
        if (!(maskRatio >= 0f && maskRatio < 1f)) throw new IllegalArgumentException("preset " + name + ": mask ratio must be in [0, 1), got " + maskRatio);
        int hp = height / patch, l = hp * (width / patch), k = (int) (l * (1 - (double) maskRatio));
        if (k < 1 || k % hp != 0) {
            throw new IllegalArgumentException("preset " + name + ": " + k + " kept tokens do not form an encoder grid of " + hp
                    + " rows (the encoder lays kept tokens out as Hp x W_p(1-r)); choose a mask ratio or width that divides evenly");
        }
        if (encDepth < 1 || decDepth < 1) throw new IllegalArgumentException("preset " + name + ": need at least one encoder and one decoder block");
    }

    public int gridH() {
        return height / patch;
    }

    public int gridW() {
        return width / patch;
    }

    public int tokens() {
        return gridH() * gridW();
    }

    public int keptTokens() {
        return (int) (tokens() * (1 - (double) maskRatio));
    }

    /** Values predicted per token: P*P pixels of 3 colour channels and the anomaly map. */
    public int predictionSize() {
        return patch * patch * AedMae.OUT_CHANNELS;
    }

    /** This preset with another mask ratio (validated). */
    public Preset withMaskRatio(float r) {
        return new Preset(name, description, height, width, patch, encDim, encDepth, encHeads, decDim, decDepth, decHeads,
                mlpRatio, r, dropout, teacherEpochs, studentEpochs, batch, lr);
    }

    /** This preset with training settings replaced (null keeps the preset's). */
    public Preset withTraining(Integer teacherEpochs, Integer studentEpochs, Integer batch, Float lr) {
        return new Preset(name, description, height, width, patch, encDim, encDepth, encHeads, decDim, decDepth, decHeads,
                mlpRatio, maskRatio, dropout,
                teacherEpochs != null ? teacherEpochs : this.teacherEpochs, studentEpochs != null ? studentEpochs : this.studentEpochs,
                batch != null ? batch : this.batch, lr != null ? lr : this.lr);
    }

    private static Map<String, Preset> cache;

    /** All presets of the bundled presets file, by name, in file order. */
    public static synchronized Map<String, Preset> all() {
        if (cache != null) return cache;
        try (Reader r = new InputStreamReader(Preset.class.getResourceAsStream("/aedmae/presets.json"), StandardCharsets.UTF_8)) {
            JsonObject root = new Gson().fromJson(r, JsonObject.class);
            Map<String, Preset> out = new LinkedHashMap<>();
            for (var e : root.entrySet()) {
                if (e.getKey().startsWith("_")) continue;
                JsonObject o = e.getValue().getAsJsonObject();
                out.put(e.getKey(), new Preset(e.getKey(), o.get("description").getAsString(),
                        o.get("height").getAsInt(), o.get("width").getAsInt(), o.get("patch").getAsInt(),
                        o.get("encDim").getAsInt(), o.get("encDepth").getAsInt(), o.get("encHeads").getAsInt(),
                        o.get("decDim").getAsInt(), o.get("decDepth").getAsInt(), o.get("decHeads").getAsInt(),
                        o.get("mlpRatio").getAsInt(), o.get("maskRatio").getAsFloat(), o.get("dropout").getAsFloat(),
                        o.get("teacherEpochs").getAsInt(), o.get("studentEpochs").getAsInt(), o.get("batch").getAsInt(),
                        o.get("lr").getAsFloat()));
            }
            cache = java.util.Collections.unmodifiableMap(out);
            return cache;
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the bundled presets file /aedmae/presets.json: " + e.getMessage(), e);
        }
    }

    /** The preset of that name; the error lists the known names. */
    public static Preset named(String name) {
        Preset p = all().get(name);
        if (p == null) throw new IllegalArgumentException("unknown preset '" + name + "' (known: " + String.join(", ", all().keySet()) + ")");
        return p;
    }
}
