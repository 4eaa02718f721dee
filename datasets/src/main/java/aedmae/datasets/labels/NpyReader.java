package aedmae.datasets.labels;

import aedmae.datasets.DatasetException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy .npy files (format versions 1-3): the magic "\x93NUMPY", a version, a header
 * length, a Python-dict header {'descr': ..., 'fortran_order': ..., 'shape': (...)}, then the
 * raw data. Supports bool, (u)int8/16/32/64 and float32/64 in either byte order, C or Fortran
 * order. ShanghaiTech's {@code test_frame_mask/01_0014.npy} is one 0/1 per frame.
 */
public final class NpyReader {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyReader() {}

    public static NpyArray read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetException(file, "unreadable .npy file (" + e.getMessage() + ")", e);
        }
        return parse(file, bytes);
    }

    /** Reads a 1-D array of 0/1 frame labels (a 2-D array with one singleton dimension is accepted). */
    public static FrameLabels readFrameLabels(Path file) {
        NpyArray a = read(file);
        int nonSingleton = 0;
        for (int d : a.shape()) if (d != 1) nonSingleton++;
        if (nonSingleton > 1)
            throw new DatasetException(file, "expected one label per frame (1-D), got shape " + java.util.Arrays.toString(a.shape()));
        int[] y = new int[a.size()];
        for (int i = 0; i < y.length; i++) {
            double v = a.values()[i];
            if (v != 0 && v != 1) throw new DatasetException(file, "label of frame " + i + " is " + v + ", expected 0 or 1");
            y[i] = (int) v;
        }
        return FrameLabels.perFrame(file, y);
    }

    static NpyArray parse(Path file, byte[] b) {
        if (b.length < 10 || (b[0] & 0xFF) != 0x93 || !new String(b, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY"))
            throw new DatasetException(file, "not a .npy file (bad magic)");
        int major = b[6];
        int headerLen, start;
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xFFFF;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (b.length < 12) throw new DatasetException(file, "truncated .npy header");
            headerLen = bb.getInt(8);
            start = 12;
        } else {
            throw new DatasetException(file, "unsupported .npy version " + major);
        }
        if (headerLen < 0 || start + (long) headerLen > b.length) throw new DatasetException(file, "truncated .npy header");
        String header = new String(b, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, file, "descr");
        boolean fortran = group(FORTRAN, header, file, "fortran_order").equals("True");
        String shapeText = group(SHAPE, header, file, "shape").trim();
        int[] shape = shapeText.isEmpty() ? new int[0]
                : java.util.Arrays.stream(shapeText.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .mapToInt(s -> parseDim(s, file)).toArray();
        long count = 1;
        for (int d : shape) {
            if (d < 0) throw new DatasetException(file, "negative dimension in .npy shape (" + shapeText + ")");
            count = d == 0 ? 0 : count > (1L << 40) / d ? 1L << 40 : count * d; // saturates at 2^40; checked against the file below
        }
        if (descr.length() < 3 || "<>|=".indexOf(descr.charAt(0)) < 0 || "biuf".indexOf(descr.charAt(1)) < 0) throw unsupported(file, descr);
        char order = descr.charAt(0);
        char kind = descr.charAt(1);
        int itemSize;
        try {
            itemSize = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            throw unsupported(file, descr);
        }
        boolean known = switch (kind) {
            case 'b' -> itemSize == 1;
            case 'u', 'i' -> itemSize == 1 || itemSize == 2 || itemSize == 4 || itemSize == 8;
            default -> itemSize == 4 || itemSize == 8; // 'f'
        };
        if (!known) throw unsupported(file, descr);
        ByteOrder byteOrder = order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int dataStart = start + headerLen;
        if (count > Integer.MAX_VALUE || dataStart + count * itemSize > b.length) // nothing is allocated before this check
            throw new DatasetException(file, "truncated .npy data: shape " + java.util.Arrays.toString(shape) + " of " + descr
                    + " needs " + count * itemSize + " bytes, file has " + (b.length - dataStart));
        ByteBuffer data = ByteBuffer.wrap(b, dataStart, b.length - dataStart).slice().order(byteOrder);
        double[] v = new double[(int) count];
        for (int i = 0; i < v.length; i++) {
            int p = i * itemSize;
            v[i] = switch (kind) {
                case 'b' -> data.get(p) != 0 ? 1 : 0;
                case 'u' -> switch (itemSize) {
                    case 1 -> data.get(p) & 0xFF;
                    case 2 -> data.getShort(p) & 0xFFFF;
                    case 4 -> data.getInt(p) & 0xFFFFFFFFL;
                    case 8 -> data.getLong(p); // labels never reach 2^63
                    default -> throw unsupported(file, descr);
                };
                case 'i' -> switch (itemSize) {
                    case 1 -> data.get(p);
                    case 2 -> data.getShort(p);
                    case 4 -> data.getInt(p);
                    case 8 -> data.getLong(p);
                    default -> throw unsupported(file, descr);
                };
                case 'f' -> switch (itemSize) {
                    case 4 -> data.getFloat(p);
                    case 8 -> data.getDouble(p);
                    default -> throw unsupported(file, descr);
                };
                default -> throw unsupported(file, descr);
            };
        }
        if (fortran && shape.length > 1) v = fortranToC(v, shape);
        return new NpyArray(shape, v, descr);
    }

    /** Reorders column-major values into row-major order. */
    private static double[] fortranToC(double[] f, int[] shape) {
        double[] c = new double[f.length];
        int n = shape.length;
        int[] idx = new int[n];
        for (int i = 0; i < f.length; i++) {
            // i is a row-major position; compute its column-major position
            int rem = i;
            for (int d = n - 1; d >= 0; d--) {
                idx[d] = rem % shape[d];
                rem /= shape[d];
            }
            int fpos = 0;
            for (int d = n - 1; d >= 0; d--) fpos = fpos * shape[d] + idx[d];
            c[i] = f[fpos];
        }
        return c;
    }

    private static int parseDim(String s, Path file) {
        try {
            return Integer.parseInt(s.replace("L", ""));
        } catch (NumberFormatException e) {
            throw new DatasetException(file, "bad shape entry '" + s + "' in .npy header (expected a count below 2^31)");
        }
    }

    private static String group(Pattern p, String header, Path file, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) throw new DatasetException(file, "no '" + key + "' in .npy header");
        return m.group(1);
    }

    private static DatasetException unsupported(Path file, String descr) {
        return new DatasetException(file, "unsupported .npy dtype '" + descr + "' (expected bool, (u)int8-64 or float32/64, e.g. '<i8')");
    }
}
