package aedmae.tensor.cuda;

import aedmae.tensor.Backend;
import aedmae.tensor.BinaryOp;
import aedmae.tensor.ReduceOp;
import aedmae.tensor.UnaryOp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs everywhere: the Java side and kernels/*.cu agree. Every Backend kernel method has a
 * registered variant; every registered entry point exists in its .cu file (and in the built
 * fatbin); op codes and parameter structs match the #defines and structs of the sources.
 */
class KernelContractTest {
    /** kernels/ from the module (Maven) or the repository root (the bundle's test run). */
    static final Path KERNELS = locateKernels();

    private static Path locateKernels() {
        for (Path p : new Path[]{Path.of("..", "kernels"), Path.of("kernels")}) {
            if (Files.exists(p.resolve("common.cuh"))) return p;
        }
        return null;
    }

    @org.junit.jupiter.api.BeforeEach
    void needSources() {
        org.junit.jupiter.api.Assumptions.assumeTrue(KERNELS != null, "kernels/*.cu not found from " + Path.of("").toAbsolutePath());
    }

    static String source(String module) throws IOException {
        return Files.readString(KERNELS.resolve(module + ".cu"));
    }

    /** Backend methods that launch kernels, and the Op each dispatches as. */
    static final Map<String, Op> BACKEND_OPS = Map.ofEntries(
            Map.entry("fill", Op.FILL), Map.entry("copy", Op.COPY), Map.entry("unary", Op.UNARY),
            Map.entry("unaryBackward", Op.UNARY_BACKWARD), Map.entry("binary", Op.BINARY), Map.entry("reduce", Op.REDUCE),
            Map.entry("argmax", Op.ARGMAX), Map.entry("gemm", Op.GEMM), Map.entry("softmax", Op.SOFTMAX),
            Map.entry("softmaxBackward", Op.SOFTMAX_BACKWARD), Map.entry("layerNorm", Op.LAYER_NORM),
            Map.entry("layerNormBackward", Op.LAYER_NORM_BACKWARD), Map.entry("batchNormStats", Op.BATCH_NORM_STATS),
            Map.entry("batchNorm", Op.BATCH_NORM), Map.entry("batchNormBackward", Op.BATCH_NORM_BACKWARD),
            Map.entry("im2col", Op.IM2COL), Map.entry("col2im", Op.COL2IM), Map.entry("depthwiseConv3x3", Op.DEPTHWISE_CONV),
            Map.entry("depthwiseConv3x3Backward", Op.DEPTHWISE_CONV_BACKWARD), Map.entry("maxPool2d", Op.MAX_POOL),
            Map.entry("maxPool2dBackward", Op.MAX_POOL_BACKWARD), Map.entry("avgPool2d", Op.AVG_POOL),
            Map.entry("avgPool2dBackward", Op.AVG_POOL_BACKWARD), Map.entry("gather", Op.GATHER), Map.entry("scatter", Op.SCATTER),
            Map.entry("indexSelect", Op.INDEX_SELECT), Map.entry("indexAdd", Op.INDEX_ADD),
            Map.entry("medianFilter3x3", Op.MEDIAN_FILTER), Map.entry("adamw", Op.ADAMW), Map.entry("attention", Op.ATTENTION),
            Map.entry("attentionBackward", Op.ATTENTION_BACKWARD), Map.entry("motionWeights", Op.MOTION_WEIGHTS),
            // a composite on CUDA (Backend's default): the depthwise kernel, then the batch-norm kernel
            Map.entry("depthwiseConv3x3BatchNorm", Op.DEPTHWISE_CONV),
            // composites on CUDA (Backend's defaults): the bias rows (copy), the GEMM with beta 1, then the GELU kernel
            Map.entry("gemmBias", Op.GEMM), Map.entry("gemmBiasGelu", Op.GEMM));
    static final Set<String> MEMORY_METHODS = Set.of("device", "allocate", "allocateUninitialized", "upload", "download", "release");

    @Test
    void everyBackendKernelMethodHasARegisteredVariant() {
        for (Method m : Backend.class.getMethods()) {
            if (MEMORY_METHODS.contains(m.getName())) continue;
            Op op = BACKEND_OPS.get(m.getName());
            assertNotNull(op, "Backend." + m.getName() + " has no Op: add it to Op, KernelRegistry and this table");
            assertFalse(KernelRegistry.of(op).isEmpty(), "no kernel variant for " + op);
        }
        for (Op op : Op.values()) assertFalse(KernelRegistry.of(op).isEmpty(), "no kernel variant for " + op);
    }

    @Test
    void variantNamesAreUniqueAndNameTheirFile() {
        Set<String> seen = new HashSet<>();
        for (KernelVariant v : KernelRegistry.all()) {
            assertTrue(seen.add(v.name()), "duplicate " + v.name());
            assertTrue(Files.exists(KERNELS.resolve(v.module() + ".cu")), v + ": no kernels/" + v.module() + ".cu");
            assertFalse(v.technique().isBlank());
        }
        assertThrows(IllegalArgumentException.class, () -> KernelRegistry.byName("gemm.nonsense"));
    }

    /** extern "C" entry points of a source, macro-generated ones included. */
    static Set<String> entryPoints(String src) {
        Set<String> out = new HashSet<>();
        Matcher m = Pattern.compile("extern \"C\" __global__ void (?:__launch_bounds__\\([^)]*\\) )?(\\w+)\\(").matcher(src);
        while (m.find()) out.add(m.group(1));
        // macro instantiations: LN_WARP_KERNEL(name, n), SOFTMAX_WARP_KERNEL(name, n), GEMM_LN_KERNEL(name, ...), ATTN_TC_KERNEL(name, ...), ATTN_*(C)
        Matcher named = Pattern.compile("(?m)^(?:LN_WARP_KERNEL|SOFTMAX_WARP_KERNEL|GEMM_LN_KERNEL|ATTN_TC_KERNEL)\\((\\w+),").matcher(src);
        while (named.find()) out.add(named.group(1));
        Matcher simt = Pattern.compile("(?m)^ATTN_SIMT_KERNEL\\((\\d+)\\)").matcher(src);
        while (simt.find()) out.add("attention_simt_c" + simt.group(1));
        Matcher bwd = Pattern.compile("(?m)^ATTN_BWD_KERNELS\\((\\d+)\\)").matcher(src);
        while (bwd.find()) {
            out.add("attention_bwd_dq_c" + bwd.group(1));
            out.add("attention_bwd_dkdv_c" + bwd.group(1));
        }
        return out;
    }

    @Test
    void everyRegisteredEntryPointIsInItsSourceAndFatbin() throws IOException {
        for (Map.Entry<String, Set<String>> e : KernelRegistry.symbolsByModule().entrySet()) {
            Set<String> defined = entryPoints(source(e.getKey()));
            for (String symbol : e.getValue()) {
                assertTrue(defined.contains(symbol), symbol + " is not an extern \"C\" kernel of kernels/" + e.getKey() + ".cu");
            }
        }
        if (KernelModules.firstMissingResource() != null) return; // built without nvcc
        for (Map.Entry<String, Set<String>> e : KernelRegistry.symbolsByModule().entrySet()) {
            String image = new String(KernelModules.readFatbin(e.getKey(), KernelModules.class), StandardCharsets.ISO_8859_1);
            for (String symbol : e.getValue()) assertTrue(image.contains(symbol), symbol + " missing from " + e.getKey() + ".fatbin");
        }
    }

    @Test
    void aMissingFatbinIsExplained() {
        CudaException e = assertThrows(CudaException.class, () -> KernelModules.readFatbin("no_such_kernels", KernelModules.class));
        assertTrue(e.getMessage().contains("/aedmae/kernels/no_such_kernels.fatbin"), e.getMessage());
        assertTrue(e.getMessage().contains("nvcc"), e.getMessage());
    }

    @Test
    void fatbinsArePackagedWhenNvccExists() {
        boolean nvcc = !"none".equals(System.getenv("NVCC"))
                && (Files.isExecutable(Path.of("/usr/local/bin/nvcc")) || Files.isExecutable(Path.of("/usr/local/cuda/bin/nvcc")));
        if (nvcc) assertNull(KernelModules.firstMissingResource(), "nvcc is here, so the build must have packaged every fatbin");
    }

    private static Map<String, Integer> defines(String src, String prefix) {
        Map<String, Integer> out = new HashMap<>();
        Matcher m = Pattern.compile("#define " + prefix + "(\\w+) (\\d+)").matcher(src);
        while (m.find()) out.put(m.group(1), Integer.parseInt(m.group(2)));
        return out;
    }

    @Test
    void opCodesMatchTheDefines() throws IOException {
        Map<String, Integer> u = defines(source("elementwise"), "U_");
        for (UnaryOp op : UnaryOp.values()) assertEquals(u.get(op.name()), Elementwise.code(op), "U_" + op);
        assertEquals(UnaryOp.values().length, u.size());
        Map<String, Integer> b = defines(source("elementwise"), "B_");
        for (BinaryOp op : BinaryOp.values()) assertEquals(b.get(op.name()), Elementwise.code(op), "B_" + op);
        assertEquals(BinaryOp.values().length, b.size());
        Map<String, Integer> r = defines(source("reduce"), "R_");
        for (ReduceOp op : ReduceOp.values()) assertEquals(r.get(op.name()), Elementwise.code(op), "R_" + op);
        Map<String, Integer> bn = defines(source("batchnorm"), "BN_SUM_");
        assertEquals(Map.of("X", BatchNorm.SUM_X, "SQ", BatchNorm.SUM_SQ, "GRAD", BatchNorm.SUM_GRAD), bn);
        Map<String, Integer> flags = defines(source("gemm"), "");
        assertEquals(GemmPlan.EPI_BIAS, flags.get("EPI_BIAS"));
        assertEquals(GemmPlan.EPI_GELU, flags.get("EPI_GELU"));
        assertEquals(GemmPlan.EPI_RESIDUAL, flags.get("EPI_RESIDUAL"));
        assertEquals(GemmPlan.VEC_A, flags.get("VEC_A"));
        assertEquals(GemmPlan.VEC_B, flags.get("VEC_B"));
        assertEquals(GemmPlan.SPLIT_PARTIAL, flags.get("SPLIT_PARTIAL"));
        assertEquals(Attention.SIMT_THREADS, defines(source("attention"), "SIMT_").get("THREADS"));
        assertEquals(Attention.SIMT_KEYS, defines(source("attention"), "SIMT_").get("KEYS"));
    }

    /** Field names of a struct of 32-bit fields, in order. */
    static List<String> structFields(String src, String name) {
        Matcher m = Pattern.compile("struct " + name + " \\{(.*?)\\};", Pattern.DOTALL).matcher(src);
        assertTrue(m.find(), "struct " + name);
        List<String> out = new ArrayList<>();
        for (String decl : m.group(1).replaceAll("//[^\n]*", "").split(";")) {
            decl = decl.trim();
            if (decl.isEmpty()) continue;
            assertTrue(decl.startsWith("int ") || decl.startsWith("float "), "only 32-bit fields: " + decl);
            for (String f : decl.substring(decl.indexOf(' ') + 1).split(",")) out.add(f.trim());
        }
        return out;
    }

    @Test
    void parameterStructsMatchTheJavaLayouts() throws IOException {
        List<String> gemm = structFields(source("gemm"), "GemmParams");
        assertEquals(GemmPlan.FIELDS, gemm.size());
        assertEquals(GemmPlan.K_CHUNK, gemm.indexOf("k_chunk"));
        assertEquals(GemmPlan.A_OFF, gemm.indexOf("a_off"));
        assertEquals(GemmPlan.B_S2, gemm.indexOf("b_s2"));
        assertEquals(GemmPlan.C_OFF, gemm.indexOf("c_off"));
        assertEquals(GemmPlan.FLAGS, gemm.indexOf("flags"));
        assertEquals(GemmPlan.R_S2, gemm.indexOf("r_s2"));
        assertEquals(GemmPlan.BIAS_S1, gemm.indexOf("bias_s1"));
        List<String> attn = structFields(source("attention"), "AttnParams");
        assertEquals(List.of("batch", "tokens", "heads", "head_dim", "scale", "q_off", "k_off", "v_off", "o_off", "do_off", "split"), attn);
        assertEquals(attn.size(), Attention.params(1, 1, 1, 1, 1f, 0, 0, 0, 0, 0, 1).length);
        List<String> conv = structFields(source("im2col"), "ConvGeom");
        assertEquals(List.of("channels", "height", "width", "kh", "kw", "sh", "sw", "ph", "pw", "out_h", "out_w"), conv);
        assertEquals(conv.size(), Im2col.geometry(1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1).length);
        assertEquals(List.of("planes", "height", "width", "kh", "kw", "sh", "sw", "ph", "pw", "out_h", "out_w"),
                structFields(source("pool2d"), "PoolGeom"));
        String common = Files.readString(KERNELS.resolve("common.cuh"));
        assertTrue(common.contains("#define AED_MAX_RANK " + StridedLayout.MAX_RANK));
    }

    @Test
    void attentionGeometry() {
        assertEquals(8, Attention.chunk(4));
        assertEquals(1, Attention.split(4));
        assertEquals(16, Attention.chunk(16));
        assertEquals(32, Attention.chunk(32));
        assertEquals(1, Attention.split(32));
        assertEquals(2, Attention.split(64));
        assertEquals(4, Attention.split(96));
        assertEquals(4, Attention.split(128));
        assertThrows(UnsupportedOperationException.class, () -> Attention.split(160));
        assertTrue(Attention.simtShared(128, true) <= 48 * 1024, "SIMT attention stays under the default shared-memory limit");
        assertTrue(Attention.tensorCoreApplicable(4, 64, 0, 256, 512));
        assertFalse(Attention.tensorCoreApplicable(4, 64, 1));
        assertFalse(Attention.tensorCoreApplicable(4, 48, 0));
    }

    /**
     * Kernels whose contract lets an output share memory with an input (the Backend's "may
     * alias": unary and softmax in place, binary into its first operand, BatchNorm forward in
     * place) must not promise the compiler otherwise: none of those pointers is __restrict__.
     */
    @Test
    void buffersUsedInPlaceAreNotRestrict() throws IOException {
        Map<String, String[]> inPlace = Map.of(
                "elementwise:unary", new String[]{"x", "y"},
                "elementwise:unary_backward", new String[]{"x", "y", "dy", "dx"},
                "elementwise:binary_strided", new String[]{"a", "b", "out"},
                "elementwise:binary_contiguous", new String[]{"a", "b", "out"},
                "softmax:softmax_online_block", new String[]{"x", "y"},
                "softmax:softmax_backward", new String[]{"y", "dy", "dx"},
                "batchnorm:bn_forward", new String[]{"x", "y"});
        StringBuilder bad = new StringBuilder();
        for (var e : inPlace.entrySet()) {
            String[] mk = e.getKey().split(":");
            String src = source(mk[0]);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("__global__\\s+void\\s+" + mk[1] + "\\s*\\(([^)]*)\\)").matcher(src);
            org.junit.jupiter.api.Assertions.assertTrue(m.find(), mk[1] + " not found in " + mk[0] + ".cu");
            for (String param : e.getValue()) {
                if (java.util.regex.Pattern.compile("__restrict__\\s+" + param + "\\b").matcher(m.group(1)).find()) {
                    bad.append(" ").append(mk[1]).append("(").append(param).append(")");
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals("", bad.toString(), "__restrict__ on a buffer the Java side may pass in place:");
    }
}
