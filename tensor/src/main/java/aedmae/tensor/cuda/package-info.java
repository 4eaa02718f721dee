/**
 * The CUDA backend: {@link aedmae.tensor.Backend} on an NVIDIA GPU through JCuda's driver API
 * ({@code libcuda.so.1} only) and the project's own kernels in {@code kernels/*.cu}, compiled
 * by nvcc at build time into fatbins on the class path ({@code /aedmae/kernels/NAME.fatbin}).
 *
 * <p>Layers, bottom up:
 * <ul>
 *   <li>{@link aedmae.tensor.cuda.CudaAvailability}: probes for kernels, driver and device
 *       without ever throwing; one line says why CUDA is unavailable.</li>
 *   <li>{@link aedmae.tensor.cuda.CudaContext}: device, primary context, one explicit stream
 *       (never the null stream, so the stream can be captured into a graph).</li>
 *   <li>{@link aedmae.tensor.cuda.CachingAllocator}: device memory by size class, reused
 *       without cuMemAlloc per operation; {@link aedmae.tensor.cuda.CudaStorage} returns its
 *       block when closed or collected. {@link aedmae.tensor.cuda.PinnedRing}: pinned host
 *       staging for uploads. {@link aedmae.tensor.cuda.IndexCache}: int[] index arrays.</li>
 *   <li>{@link aedmae.tensor.cuda.KernelModules} loads the fatbins (with the JIT log on
 *       failure); {@link aedmae.tensor.cuda.KernelRegistry} names every kernel variant, read
 *       by the dispatcher, the parity tests and {@code KernelBench} (a tool among the test sources).</li>
 *   <li>One launcher class per kernel file, named as its CPU twin in aedmae.tensor.cpu
 *       (Gemm launches kernels/gemm.cu, and so on); {@link aedmae.tensor.cuda.CudaBackend}
 *       only unwraps storages and forwards, as CpuBackend does.</li>
 * </ul>
 *
 * <p>Dimension letters as in aedmae.tensor: B batch, T or L tokens, H heads, dh head dim,
 * D = H*dh features, C channels, N rows.
 */
package aedmae.tensor.cuda;

import aedmae.tensor.device.CachingAllocator;
