package aedmae.cluster;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The one JSON codec of this package: record values are compact JSON objects. */
final class ClusterJson {

    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private ClusterJson() {
    }

    static String write(Object value) {
        return GSON.toJson(value);
    }

    static <T> T read(String json, Class<T> type) {
        return GSON.fromJson(json, type);
    }
}
