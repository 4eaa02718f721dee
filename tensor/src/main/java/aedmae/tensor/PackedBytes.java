package aedmae.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * uint8 values on a device, packed four to a float32 word of a {@link Storage} (byte i of word w
 * is bits 8i..8i+7, little-endian as the host and the GPU lay them out), so that bytes cross to
 * a device as bytes: one upload of n bytes (rounded up to whole words), not 4n. The kernels that
 * read them ({@code stack_frames_u8}, {@code u8_to_f32}) take the storage and a word offset. A
 * block may also hold int32 values (one per word, e.g. frame indices) beside the bytes.
 * Words are only ever copied, never computed with, so any bit pattern survives.
 *
 * @param storage    the words
 * @param wordOffset the first word of this block
 * @param bytes      the number of bytes in the block
 */
public record PackedBytes(Storage storage, int wordOffset, int bytes) {

    /** Words that hold n bytes. */
    public static int words(int bytes) {
        return (bytes + 3) >>> 2;
    }

    /** The bytes as packed words: one upload of words(n) × 4 bytes to the device. */
    public static PackedBytes upload(Device device, byte[] src) {
        float[] words = pack(src);
        return new PackedBytes(Backends.get(device).upload(words, 0, words.length), 0, src.length);
    }

    /** The bytes as host words, four to a word (the last word padded with zeros). */
    public static float[] pack(byte[] src) {
        float[] words = new float[words(src.length)];
        ByteBuffer b = ByteBuffer.allocate(4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(src).clear(); // the whole buffer, the last word padded with zeros
        b.asFloatBuffer().get(words); // a bulk copy: bit patterns kept, NaN payloads included
        return words;
    }

    /** int32 values as host words, one to a word (an index array for a kernel). */
    public static float[] packInts(int[] values) {
        float[] words = new float[values.length];
        for (int i = 0; i < values.length; i++) words[i] = Float.intBitsToFloat(values[i]);
        return words;
    }

    /** The device whose memory holds the block. */
    public Device device() {
        return storage.backend().device();
    }

    /** The bytes [byteOffset, byteOffset + n) of this block; byteOffset must start a word. */
    public PackedBytes slice(int byteOffset, int n) {
        if ((byteOffset & 3) != 0) throw new IllegalArgumentException("a packed slice starts a word; byte offset " + byteOffset);
        if (byteOffset < 0 || n < 0 || byteOffset + n > bytes)
            throw new IndexOutOfBoundsException("bytes [" + byteOffset + ", " + (byteOffset + n) + ") of a block of " + bytes);
        return new PackedBytes(storage, wordOffset + byteOffset / 4, n);
    }

    /** Byte i of packed words (the host-side reading, for the CPU kernels). */
    public static int byteAt(float[] words, int wordOffset, int i) {
        return (Float.floatToRawIntBits(words[wordOffset + (i >>> 2)]) >>> ((i & 3) << 3)) & 0xFF;
    }

    /** The int32 stored in a word (the host-side reading of an index array in a block). */
    public static int intAt(float[] words, int word) {
        return Float.floatToRawIntBits(words[word]);
    }
}
