package aedmae.tensor.cuda;

/**
 * Says in one line whether CUDA can be used here and on what:
 * {@code java -cp ... aedmae.tensor.cuda.CudaCheck} prints "cuda: available: NVIDIA H100 ..." or
 * "cuda: unavailable: <reason>; the CPU backend serves" and exits 0 either way (1 with --require
 * when unavailable).
 */
public final class CudaCheck {
    private CudaCheck() {}

    public static void main(String[] args) {
        boolean require = args.length > 0 && args[0].equals("--require");
        String reason = CudaBackend.unavailableReason();
        if (reason != null) {
            System.out.println("cuda: unavailable: " + reason + "; the CPU backend serves");
            if (require) System.exit(1);
            return;
        }
        CudaBackend b = CudaBackend.open(0);
        System.out.println("cuda: available: " + b.info() + "; " + KernelRegistry.all().size() + " kernel variants loaded");
    }
}
