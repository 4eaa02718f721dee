package aedmae.tensor.cuda;

import java.util.List;

/**
 * One implementation of an {@link Op}: its name (module.technique), the kernels/NAME.cu file
 * ("module"), the extern "C" entry points it launches, its arithmetic and a one-line note on
 * the technique. An empty symbol list means a driver call (memcpy, memset) does the work.
 */
public record KernelVariant(String name, Op op, String module, List<String> symbols, Precision precision,
                            String technique) {
    public KernelVariant {
        symbols = List.copyOf(symbols);
        if (!name.startsWith(module + ".")) {
            throw new IllegalArgumentException("variant " + name + " must be named " + module + ".<technique>");
        }
    }

    @Override
    public String toString() {
        return name + " (" + precision + ", " + technique + ")";
    }
}
