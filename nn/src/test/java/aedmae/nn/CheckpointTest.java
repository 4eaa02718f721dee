package aedmae.nn;

import aedmae.tensor.GradCheck;
import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {
    @TempDir
    Path dir;

    private final Rng rng = new Rng(2);

    @Test
    void saveLoadGivesIdenticalOutputsAndKeepsInt64Buffers() throws IOException {
        CvtBlock a = new CvtBlock(8, 2, 2, 0f, () -> rng, rng);
        Tensor x = rng.uniform(-1, 1, 2, 5, 8);
        a.forward(x, 2, 2); // train once so running stats and num_batches_tracked are non-trivial
        a.eval();
        Path f = dir.resolve("block.safetensors");
        Checkpoint.save(a, f, Map.of("note", "test"));
        CvtBlock b = new CvtBlock(8, 2, 2, 0f, () -> rng, new Rng(99));
        Map<String, String> meta = Checkpoint.load(b, f, true);
        assertEquals("test", meta.get("note"));
        b.eval();
        GradCheck.assertClose(a.forward(x, 2, 2), b.forward(x, 2, 2), 0, 0, "identical outputs after load");
        SafeTensors.Entry nbt = SafeTensors.read(f).tensors().get("attn.conv_proj_q.bn.num_batches_tracked");
        assertEquals("I64", nbt.dtype());
        assertArrayEquals(new long[]{1}, nbt.longs());
    }

    @Test
    void missingAndMisShapedTensorsAreRefusedByName() throws IOException {
        Linear l = new Linear(3, 2, true, rng);
        Path f = dir.resolve("lin.safetensors");
        Map<String, SafeTensors.Entry> only = new LinkedHashMap<>();
        only.put("weight", SafeTensors.Entry.of(Tensor.zeros(2, 4)));
        only.put("extra", SafeTensors.Entry.of(Tensor.zeros(1)));
        SafeTensors.write(f, only, null);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(l, f, true));
        String m = e.getMessage();
        assertTrue(m.contains(f.toString()), m);
        assertTrue(m.contains("missing bias"), m);
        assertTrue(m.contains("shape of weight is [2, 4], expected [2, 3]"), m);
        assertTrue(m.contains("unexpected extra"), m);
    }

    @Test
    void corruptFilesGiveClearErrors() throws IOException {
        Path junk = dir.resolve("junk.safetensors");
        Files.write(junk, "not a checkpoint at all".getBytes(StandardCharsets.UTF_8));
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(junk));
        assertTrue(e.getMessage().contains("junk.safetensors") && e.getMessage().contains("header length"), e.getMessage());
        // a valid file cut short
        Path good = dir.resolve("good.safetensors");
        SafeTensors.write(good, Map.of("t", SafeTensors.Entry.of(Tensor.ones(100))), null);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        IOException e2 = assertThrows(IOException.class, () -> SafeTensors.read(cut));
        assertTrue(e2.getMessage().contains("truncated"), e2.getMessage());
    }

    @Test
    void headerFollowsTheFormatAndReadsForeignDtypes() throws IOException {
        Path f = dir.resolve("f.safetensors");
        SafeTensors.write(f, Map.of("b", SafeTensors.Entry.of(Tensor.of(new float[]{1.5f, -2f}, 2)), "a", SafeTensors.Entry.ofLongs(new long[]{7}, 1)), Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(f);
        long headerLen = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLen % 8, "data starts 8-byte aligned");
        String header = new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8);
        assertTrue(header.contains("\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}"), header);
        assertTrue(header.contains("\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}"), header);
        assertEquals(8 + headerLen + 16, bytes.length);
        // an F16 and a BF16 tensor written by hand: 1.0, -2.0, 0.5
        String h = "{\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},\"g\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[6,12]}}";
        ByteBuffer b = ByteBuffer.allocate(8 + h.length() + 12).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length()).put(h.getBytes(StandardCharsets.US_ASCII));
        for (short s : new short[]{0x3C00, (short) 0xC000, 0x3800}) b.putShort(s);
        for (short s : new short[]{0x3F80, (short) 0xC000, 0x3F00}) b.putShort(s);
        Path hf = dir.resolve("half.safetensors");
        Files.write(hf, b.array());
        var c = SafeTensors.read(hf);
        assertArrayEquals(new float[]{1f, -2f, 0.5f}, c.tensors().get("h").floats());
        assertArrayEquals(new float[]{1f, -2f, 0.5f}, c.tensors().get("g").floats());
    }

    @Test
    void theSameTensorsAndMetadataGiveTheSameBytesWhateverTheMapOrder() throws IOException {
        Map<String, SafeTensors.Entry> t1 = new LinkedHashMap<>(), t2 = new LinkedHashMap<>();
        t1.put("x", SafeTensors.Entry.of(Tensor.ones(3)));
        t1.put("a", SafeTensors.Entry.ofLongs(new long[]{4}, 1));
        t2.put("a", t1.get("a"));
        t2.put("x", t1.get("x"));
        Map<String, String> m1 = new LinkedHashMap<>(), m2 = new LinkedHashMap<>();
        m1.put("stage", "teacher");
        m1.put("epoch", "3");
        m1.put("preset", "tiny");
        m2.put("preset", "tiny");
        m2.put("epoch", "3");
        m2.put("stage", "teacher");
        Path f1 = dir.resolve("one.safetensors"), f2 = dir.resolve("two.safetensors");
        SafeTensors.write(f1, t1, m1);
        SafeTensors.write(f2, t2, m2);
        assertArrayEquals(Files.readAllBytes(f1), Files.readAllBytes(f2), "metadata keys are written sorted");
    }

    /** A safetensors file with this JSON header and data bytes. */
    private Path raw(String name, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path f = dir.resolve(name);
        Files.write(f, b.array());
        return f;
    }

    @Test
    void malformedHeadersAreOneIoExceptionNamingTheFileAndTheProblem() throws IOException {
        String[][] cases = {
                {"{\"t\": 5}", "is not an object"},
                {"{\"t\": {\"shape\": [1], \"data_offsets\": [0, 4]}}", "no dtype"},
                {"{\"t\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0]}}", "data_offsets [begin, end]"},
                {"{\"__metadata__\": {\"k\": {\"nested\": \"v\"}}}", "'k' is not a string"},
                {"{\"__metadata__\": [1, 2]}", "not a map of strings"},
                {"{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}, \"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [4, 12]}}", "overlap"},
                {"{\"t\": {\"dtype\": \"F32\", \"shape\": [1099511627776], \"data_offsets\": [0, 16]}}", "dimension 1099511627776"},
                {"{\"t\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 16]}}", "shape entry -1"},
                {"{\"t\": {\"dtype\": \"F32\", \"shape\": [65536, 65536], \"data_offsets\": [0, 16]}}", "do not match"},
                {"{\"t\": {\"dtype\": \"F32\", \"shape\": [\"x\"], \"data_offsets\": [0, 16]}}", "shape entry"},
                {"{\"t\": {\"dtype\": \"Q7\", \"shape\": [4], \"data_offsets\": [0, 16]}}", "unsupported dtype"},
                {"[1, 2, 3]", "not a JSON object"},
                {"{\"t\": ", "not valid JSON"},
        };
        for (String[] c : cases) {
            Path f = raw("m.safetensors", c[0], 16);
            IOException e = assertThrows(IOException.class, () -> SafeTensors.read(f), c[0]);
            assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void anIntegerTensorIsNotReinterpretedAsAFloatWeight() throws IOException {
        Linear lin = new Linear(2, 1, true, rng);
        Path f = raw("i32.safetensors", "{\"weight\": {\"dtype\": \"I32\", \"shape\": [1, 2], \"data_offsets\": [0, 8]},"
                + " \"bias\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [8, 12]}}", 12);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(lin, f, true));
        assertTrue(e.getMessage().contains("'weight' is I32, a float weight needs F32"), e.getMessage());
    }
}
