package aedmae.cluster;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * When a camera's event starts and ends (hysteresis): it starts at the first frame scoring at least
 * {@code start}, and ends after {@code releaseFrames} consecutive frames scoring below
 * {@code release}.
 */
public record EventThresholds(double start, double release, int releaseFrames) {

    public EventThresholds {
        if (!(release <= start)) {
            throw new IllegalArgumentException("release threshold " + release + " is above the start threshold " + start);
        }
        if (releaseFrames < 1) {
            throw new IllegalArgumentException("releaseFrames must be at least 1: " + releaseFrames);
        }
    }

    /**
     * Reads {@code threshold}, {@code release} and {@code releaseFrames} from a camera's config JSON;
     * absent fields take {@code defaults}' values ({@code release} defaults to the threshold when only
     * the threshold is given).
     */
    public static EventThresholds fromConfig(String configJson, EventThresholds defaults) {
        JsonElement parsed = JsonParser.parseString(configJson);
        if (!parsed.isJsonObject()) {
            throw new IllegalArgumentException("camera config is not a JSON object: " + configJson);
        }
        JsonObject c = parsed.getAsJsonObject();
        double start = c.has("threshold") ? c.get("threshold").getAsDouble() : defaults.start();
        double release = c.has("release") ? c.get("release").getAsDouble()
                : c.has("threshold") ? Math.min(start, defaults.release()) : defaults.release();
        int frames = c.has("releaseFrames") ? c.get("releaseFrames").getAsInt() : defaults.releaseFrames();
        return new EventThresholds(start, release, frames);
    }
}
