package aedmae.tensor.cuda;

import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUjit_option;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import jcuda.driver.JITOptions;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The kernel files as loaded modules: each /aedmae/kernels/NAME.fatbin resource goes through
 * cuModuleLoadDataJIT (the driver picks the SASS for this GPU or JIT-compiles the PTX; its error
 * log is part of the exception on failure), then every entry point the registry lists is looked
 * up once. All modules load when the backend opens, so nothing loads during graph capture.
 */
final class KernelModules implements AutoCloseable {
    static final String RESOURCE_DIR = "/aedmae/kernels/";
    private static final int LOG_BYTES = 16384;

    private final Map<String, CUmodule> modules = new LinkedHashMap<>();
    private final Map<String, CUfunction> functions = new HashMap<>();

    /** Loads every module the registry names (the context must be current). */
    KernelModules() {
        for (Map.Entry<String, Set<String>> e : KernelRegistry.symbolsByModule().entrySet()) {
            CUmodule m = load(e.getKey(), readFatbin(e.getKey(), KernelModules.class));
            modules.put(e.getKey(), m);
            for (String symbol : e.getValue()) {
                CUfunction f = new CUfunction();
                Driver.check(JCudaDriver.cuModuleGetFunction(f, m, symbol), "cuModuleGetFunction(" + symbol + " in " + e.getKey() + ".fatbin)");
                functions.put(symbol, f);
            }
        }
    }

    /** The entry point of this name; throws when no registered module has it. */
    CUfunction function(String symbol) {
        CUfunction f = functions.get(symbol);
        if (f == null) throw new CudaException("kernel '" + symbol + "' is not registered in KernelRegistry");
        return f;
    }

    /** Allows a kernel more than the default 48 KiB of dynamic shared memory. */
    void setMaxDynamicSharedMemory(String symbol, int bytes) {
        Driver.check(JCudaDriver.cuFuncSetAttribute(function(symbol),
                CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, bytes),
                "cuFuncSetAttribute(" + symbol + ", max dynamic shared memory " + bytes + ")");
    }

    /** Registers, local (spill) bytes and static shared bytes of a kernel, as the driver reports them. */
    int[] resources(String symbol) {
        CUfunction f = function(symbol);
        int[] regs = new int[1], local = new int[1], shared = new int[1];
        Driver.check(JCudaDriver.cuFuncGetAttribute(regs, CUfunction_attribute.CU_FUNC_ATTRIBUTE_NUM_REGS, f), "cuFuncGetAttribute");
        Driver.check(JCudaDriver.cuFuncGetAttribute(local, CUfunction_attribute.CU_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES, f), "cuFuncGetAttribute");
        Driver.check(JCudaDriver.cuFuncGetAttribute(shared, CUfunction_attribute.CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES, f), "cuFuncGetAttribute");
        return new int[]{regs[0], local[0], shared[0]};
    }

    private static CUmodule load(String name, byte[] image) {
        CUmodule m = new CUmodule();
        JITOptions jit = new JITOptions();
        jit.putBytes(CUjit_option.CU_JIT_ERROR_LOG_BUFFER, new byte[LOG_BYTES]);
        jit.putInt(CUjit_option.CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES, LOG_BYTES);
        jit.putBytes(CUjit_option.CU_JIT_INFO_LOG_BUFFER, new byte[LOG_BYTES]);
        jit.putInt(CUjit_option.CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES, LOG_BYTES);
        int r = JCudaDriver.cuModuleLoadDataJIT(m, Pointer.to(image), jit);
        if (r != CUresult.CUDA_SUCCESS) {
            String log = jit.getString(CUjit_option.CU_JIT_ERROR_LOG_BUFFER);
            String info = jit.getString(CUjit_option.CU_JIT_INFO_LOG_BUFFER);
            throw new CudaException("cannot load kernels " + RESOURCE_DIR + name + ".fatbin: " + CUresult.stringFor(r)
                    + "; JIT error log: " + (log == null || log.isBlank() ? "(empty)" : log.trim())
                    + (info == null || info.isBlank() ? "" : "; JIT info log: " + info.trim()), r);
        }
        return m;
    }

    /**
     * The bytes of /aedmae/kernels/NAME.fatbin as the given class's loader sees them; throws
     * naming the resource and how to build it when it is missing.
     */
    static byte[] readFatbin(String name, Class<?> anchor) {
        String path = RESOURCE_DIR + name + ".fatbin";
        try (InputStream in = anchor.getResourceAsStream(path)) {
            if (in == null) {
                throw new CudaException("kernel binary " + path + " is not on the class path: the kernels are compiled by nvcc"
                        + " during the build (tools/build-kernels.sh, run by Maven at generate-resources); build on a machine with nvcc");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new CudaException("cannot read kernel binary " + path + ": " + e.getMessage());
        }
    }

    /** The first kernel resource missing from the class path, or null when all are there. */
    static String firstMissingResource() {
        for (String m : KernelRegistry.modules()) {
            String path = RESOURCE_DIR + m + ".fatbin";
            if (KernelModules.class.getResource(path) == null) return path;
        }
        return null;
    }

    @Override
    public void close() {
        for (CUmodule m : modules.values()) JCudaDriver.cuModuleUnload(m);
        modules.clear();
        functions.clear();
    }
}
