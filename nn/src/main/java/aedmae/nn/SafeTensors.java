package aedmae.nn;

import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
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
            JsonObject header;
            try {
                header = new Gson().fromJson(new String(hb.array(), StandardCharsets.UTF_8), JsonObject.class);
            } catch (JsonParseException e) {
                throw bad(file, "header is not valid JSON: " + e.getMessage());
            }
            if (header == null) throw bad(file, "empty header");
            long dataStart = 8 + headerLen, dataLen = size - dataStart;
            Map<String, Entry> tensors = new LinkedHashMap<>();
            Map<String, String> meta = new LinkedHashMap<>();
            for (var e : header.entrySet()) {
                String name = e.getKey();
                if (name.equals("__metadata__")) {
                    for (var m : e.getValue().getAsJsonObject().entrySet()) meta.put(m.getKey(), m.getValue().getAsString());
                    continue;
                }
                JsonObject info = e.getValue().getAsJsonObject();
                String dtype = info.get("dtype").getAsString();
                JsonArray sh = info.getAsJsonArray("shape");
                int[] shape = new int[sh.size()];
                for (int i = 0; i < shape.length; i++) shape[i] = sh.get(i).getAsInt();
                JsonArray off = info.getAsJsonArray("data_offsets");
                long begin = off.get(0).getAsLong(), end = off.get(1).getAsLong();
                int n = Shape.numel(shape);
                int width = width(file, name, dtype);
                if (begin < 0 || end < begin || end > dataLen || end - begin != (long) n * width) {
                    throw bad(file, "tensor '" + name + "' (" + dtype + " " + Shape.str(shape) + ") has data offsets [" + begin + ", " + end
                            + "] that do not match its size or the file (" + dataLen + " data bytes): truncated file?");
                }
                ByteBuffer data = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, data, dataStart + begin);
                data.flip();
                tensors.put(name, decode(dtype, shape, n, data));
            }
            return new Contents(tensors, meta);
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
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
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
