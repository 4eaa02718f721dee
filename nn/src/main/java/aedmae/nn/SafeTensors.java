package aedmae.nn;

import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header
 * mapping each name to {dtype, shape, data_offsets} (plus an optional "__metadata__" string
 * map), then the raw little-endian data. Reads F32, F64, F16, BF16, I64, I32, U8 and BOOL
 * (everything becomes float32 or int64 here); writes F32 and I64. Writes are atomic: a
 * temporary file in the same folder, then a rename.
 */
public final class SafeTensors {
    private SafeTensors() {}

    /** One stored tensor: floats for floating dtypes, longs for integer ones. */
    public record Entry(String dtype, int[] shape, float[] floats, long[] longs) {
        public static Entry of(Tensor t) {
            return new Entry("F32", t.shape(), t.toArray(), null);
        }

        public static Entry ofLongs(long[] values, int... shape) {
            return new Entry("I64", shape, null, values);
        }

        /** The values as a float32 CPU tensor (integers converted). */
        public Tensor toTensor() {
            if (floats != null) return Tensor.of(floats, shape);
            float[] f = new float[longs.length];
            for (int i = 0; i < f.length; i++) f[i] = longs[i];
            return Tensor.of(f, shape);
        }

        public int[] asInts() {
            int[] out = new int[longs != null ? longs.length : floats.length];
            for (int i = 0; i < out.length; i++) out[i] = longs != null ? (int) longs[i] : Math.round(floats[i]);
            return out;
        }
    }

    /** A whole file: tensors by name and the metadata. */
    public record Contents(Map<String, Entry> tensors, Map<String, String> metadata) {}

    private static final long MAX_HEADER = 100L << 20;

    /**
     * Reads a whole file. Everything in the header is checked before any tensor is allocated:
     * names map to objects with a known dtype, a shape of non-negative dimensions and two data
     * offsets that lie in the file, match the shape and do not overlap another tensor's; the
     * metadata is a map of strings. So memory use is bounded by the file's size, whatever the
     * header claims.
     *
     * @throws IOException naming the file and the problem (the only exception for bad contents)
     */
    public static Contents read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) throw bad(file, "file of " + size + " bytes is too short for a safetensors header");
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
                throw bad(file, "header length " + headerLen + " does not fit a file of " + size + " bytes (not a safetensors file?)");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, 8);
            JsonObject header = parseHeader(file, new String(hb.array(), StandardCharsets.UTF_8));
            long dataStart = 8 + headerLen, dataLen = size - dataStart;
            Map<String, String> meta = new LinkedHashMap<>();
            Map<String, Layout> layouts = new LinkedHashMap<>();
            for (var e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) metadata(file, e.getValue(), meta);
                else layouts.put(e.getKey(), layout(file, e.getKey(), e.getValue(), dataLen));
            }
            checkNoOverlap(file, layouts);
            Map<String, Entry> tensors = new LinkedHashMap<>();
            for (var e : layouts.entrySet()) {
                Layout l = e.getValue();
                ByteBuffer data = ByteBuffer.allocate((int) (l.end - l.begin)).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, data, dataStart + l.begin);
                data.flip();
                tensors.put(e.getKey(), decode(l.dtype, l.shape, (int) l.numel, data));
            }
            return new Contents(tensors, meta);
        }
    }

    /** Where one tensor lies in the data section, validated. */
    private record Layout(String dtype, int[] shape, long numel, long begin, long end) {}

    private static JsonObject parseHeader(Path file, String json) throws IOException {
        JsonElement h;
        try {
            h = JsonParser.parseString(json);
        } catch (JsonParseException | StackOverflowError e) {
            throw bad(file, "header is not valid JSON: " + e.getMessage());
        }
        if (h == null || !h.isJsonObject()) throw bad(file, "header is not a JSON object of tensors");
        return h.getAsJsonObject();
    }

    private static void metadata(Path file, JsonElement m, Map<String, String> out) throws IOException {
        if (!m.isJsonObject()) throw bad(file, "__metadata__ is not a map of strings");
        for (var e : m.getAsJsonObject().entrySet()) {
            JsonElement v = e.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw bad(file, "__metadata__ entry '" + e.getKey() + "' is not a string");
            }
            out.put(e.getKey(), v.getAsString());
        }
    }

    private static Layout layout(Path file, String name, JsonElement info, long dataLen) throws IOException {
        if (!info.isJsonObject()) throw bad(file, "tensor '" + name + "' is not an object with dtype, shape and data_offsets");
        JsonObject o = info.getAsJsonObject();
        JsonElement dt = o.get("dtype"), sh = o.get("shape"), off = o.get("data_offsets");
        if (dt == null || !dt.isJsonPrimitive() || !dt.getAsJsonPrimitive().isString()) throw bad(file, "tensor '" + name + "' has no dtype string");
        if (sh == null || !sh.isJsonArray()) throw bad(file, "tensor '" + name + "' has no shape array");
        if (off == null || !off.isJsonArray() || off.getAsJsonArray().size() != 2) {
            throw bad(file, "tensor '" + name + "' needs data_offsets [begin, end]");
        }
        String dtype = dt.getAsString();
        int width = width(file, name, dtype);
        JsonArray dims = sh.getAsJsonArray();
        if (dims.size() > 16) throw bad(file, "tensor '" + name + "' has " + dims.size() + " dimensions (at most 16)");
        int[] shape = new int[dims.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = count(file, name, "shape", dims.get(i));
            if (d > Integer.MAX_VALUE) throw bad(file, "tensor '" + name + "' has dimension " + d + " (more than 2^31 - 1)");
            shape[i] = (int) d;
            numel = numel == 0 || d == 0 ? 0 : numel > dataLen / d ? dataLen + 1 : numel * d; // saturates past the file
        }
        long begin = count(file, name, "data_offsets", off.getAsJsonArray().get(0));
        long end = count(file, name, "data_offsets", off.getAsJsonArray().get(1));
        if (numel > Integer.MAX_VALUE || end < begin || end > dataLen || end - begin != numel * width) {
            throw bad(file, "tensor '" + name + "' (" + dtype + " " + Shape.str(shape) + ") has data offsets [" + begin + ", " + end
                    + "] that do not match its size or the file (" + dataLen + " data bytes): truncated file?");
        }
        return new Layout(dtype, shape, numel, begin, end);
    }

    /** A non-negative integer of the header (a shape dimension or an offset). */
    private static long count(Path file, String name, String field, JsonElement v) throws IOException {
        try {
            if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
                long x = v.getAsJsonPrimitive().getAsBigDecimal().longValueExact();
                if (x >= 0) return x;
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // falls through to the error below
        }
        throw bad(file, "tensor '" + name + "' has " + field + " entry " + v + " (expected an integer from 0 to 2^63 - 1)");
    }

    private static void checkNoOverlap(Path file, Map<String, Layout> layouts) throws IOException {
        List<Map.Entry<String, Layout>> byStart = new ArrayList<>(layouts.entrySet());
        byStart.removeIf(e -> e.getValue().begin() == e.getValue().end());
        byStart.sort(Comparator.comparingLong(e -> e.getValue().begin()));
        for (int i = 1; i < byStart.size(); i++) {
            var a = byStart.get(i - 1);
            var b = byStart.get(i);
            if (b.getValue().begin() < a.getValue().end()) {
                throw bad(file, "tensors '" + a.getKey() + "' and '" + b.getKey() + "' overlap in the data section (["
                        + a.getValue().begin() + ", " + a.getValue().end() + ") and [" + b.getValue().begin() + ", " + b.getValue().end() + "))");
            }
        }
    }

    private static Entry decode(String dtype, int[] shape, int n, ByteBuffer b) {
        switch (dtype) {
            case "F32": { float[] f = new float[n]; b.asFloatBuffer().get(f); return new Entry(dtype, shape, f, null); }
            case "F64": { float[] f = new float[n]; for (int i = 0; i < n; i++) f[i] = (float) b.getDouble(); return new Entry(dtype, shape, f, null); }
            case "F16": { float[] f = new float[n]; for (int i = 0; i < n; i++) f[i] = halfToFloat(b.getShort()); return new Entry(dtype, shape, f, null); }
            case "BF16": { float[] f = new float[n]; for (int i = 0; i < n; i++) f[i] = Float.intBitsToFloat((b.getShort() & 0xFFFF) << 16); return new Entry(dtype, shape, f, null); }
            case "I64": { long[] l = new long[n]; b.asLongBuffer().get(l); return new Entry(dtype, shape, null, l); }
            case "I32": { long[] l = new long[n]; for (int i = 0; i < n; i++) l[i] = b.getInt(); return new Entry(dtype, shape, null, l); }
            case "U8": case "BOOL": { long[] l = new long[n]; for (int i = 0; i < n; i++) l[i] = b.get() & 0xFF; return new Entry(dtype, shape, null, l); }
            default: throw new IllegalStateException(dtype);
        }
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16, exp = (bits >>> 10) & 0x1F, mant = bits & 0x3FF;
        if (exp == 0x1F) return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13)); // inf, NaN
        if (exp == 0) {
            if (mant == 0) return Float.intBitsToFloat(sign);
            float v = mant * 0x1.0p-24f; // subnormal: mant * 2^-24
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static int width(Path file, String name, String dtype) throws IOException {
        return switch (dtype) {
            case "F32", "I32" -> 4;
            case "F64", "I64" -> 8;
            case "F16", "BF16" -> 2;
            case "U8", "BOOL" -> 1;
            default -> throw bad(file, "tensor '" + name + "' has unsupported dtype " + dtype);
        };
    }

    /** Writes tensors and metadata, each sorted by name (same contents, same bytes), atomically. */
    public static void write(Path file, Map<String, Entry> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Entry> sorted = new TreeMap<>(tensors);
        JsonObject header = new JsonObject();
        if (metadata != null && !metadata.isEmpty()) {
            JsonObject m = new JsonObject();
            new TreeMap<>(metadata).forEach(m::addProperty); // sorted: the same bytes whatever the map's order
            header.add("__metadata__", m);
        }
        long offset = 0;
        for (var e : sorted.entrySet()) {
            Entry t = e.getValue();
            if (!t.dtype().equals("F32") && !t.dtype().equals("I64")) throw new IllegalArgumentException("write: only F32 and I64, got " + t.dtype() + " for " + e.getKey());
            long bytes = (long) Shape.numel(t.shape()) * (t.dtype().equals("F32") ? 4 : 8);
            JsonObject info = new JsonObject();
            info.addProperty("dtype", t.dtype());
            JsonArray sh = new JsonArray();
            for (int s : t.shape()) sh.add(s);
            info.add("shape", sh);
            JsonArray off = new JsonArray();
            off.add(offset);
            off.add(offset + bytes);
            info.add("data_offsets", off);
            header.add(e.getKey(), info);
            offset += bytes;
        }
        byte[] json = new Gson().toJson((JsonElement) header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // pad with spaces so the data starts 8-byte aligned
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            writeData(tmp, json, padded, sorted);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) { // "No space left on device" alone would not say which file
            throw new IOException(file + ": cannot write (" + e.getMessage() + ")", e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeData(Path tmp, byte[] json, int padded, Map<String, Entry> sorted) throws IOException {
        {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
                head.putLong(padded).put(json);
                while (head.hasRemaining()) head.put((byte) ' ');
                writeFully(ch, head.flip());
                for (Entry t : sorted.values()) {
                    int n = Shape.numel(t.shape());
                    ByteBuffer b = ByteBuffer.allocate(n * (t.dtype().equals("F32") ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
                    if (t.dtype().equals("F32")) b.asFloatBuffer().put(t.floats(), 0, n);
                    else b.asLongBuffer().put(t.longs(), 0, n);
                    writeFully(ch, b);
                }
                ch.force(true);
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos);
            if (r < 0) throw new IOException("unexpected end of file");
            pos += r;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    private static IOException bad(Path file, String message) {
        return new IOException(file + ": " + message);
    }
}
