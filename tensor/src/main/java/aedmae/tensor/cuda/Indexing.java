package aedmae.tensor.cuda;

import aedmae.tensor.device.CachingAllocator;

import aedmae.tensor.Storage;
import jcuda.driver.CUdeviceptr;

/**
 * gather, scatter, index_select, index_add (twin of aedmae.tensor.cpu.Indexing) and the MAE's
 * token gather and unshuffle (kernels/indexing.cu). int[] index arrays come from the backend's
 * index cache.
 */
final class Indexing {
    private final CudaBackend b;

    Indexing(CudaBackend b) {
        this.b = b;
    }

    void gather(int[] indexShape, Storage x, int xOff, int[] xStrides, int dim, int[] index, Storage out, int outOff) {
        if (index.length == 0) return;
        b.rt.pick(Op.GATHER, "indexing.gather", v -> true);
        int[] layout = StridedLayout.exact(indexShape, xStrides).pack(1);
        try (IndexCache.Lease<CachingAllocator.Block<CUdeviceptr>> idx = b.rt.indices(index)) {
            b.rt.launch("gather", Launch.linear(index.length, 256, b.rt.gridCap()),
                    b.args().struct(layout).i(index.length).i(dim).ptr(idx.block).ptr(x, xOff).ptr(out, outOff));
        }
    }

    void scatter(int[] indexShape, Storage src, int srcOff, int dim, int[] index, Storage out, int outOff, int[] outStrides,
                 boolean accumulate) {
        if (index.length == 0) return;
        b.rt.pick(Op.SCATTER, "indexing.scatter", v -> true);
        int[] layout = StridedLayout.exact(indexShape, outStrides).pack(1);
        try (IndexCache.Lease<CachingAllocator.Block<CUdeviceptr>> idx = b.rt.indices(index)) {
            b.rt.launch("scatter", Launch.linear(index.length, 256, b.rt.gridCap()),
                    b.args().struct(layout).i(index.length).i(dim).i(accumulate ? 1 : 0).ptr(idx.block).ptr(src, srcOff).ptr(out, outOff));
        }
    }

    void indexSelect(Storage x, int xOff, int outer, int n, int inner, int[] index, Storage out, int outOff) {
        long total = (long) outer * index.length * inner;
        if (total == 0) return;
        b.rt.pick(Op.INDEX_SELECT, "indexing.index_select", v -> true);
        try (IndexCache.Lease<CachingAllocator.Block<CUdeviceptr>> idx = b.rt.indices(index)) {
            b.rt.launch("index_select", Launch.linear(total, 256, b.rt.gridCap()),
                    b.args().i(outer).i(n).i(inner).i(index.length).ptr(idx.block).ptr(x, xOff).ptr(out, outOff));
        }
    }

    void indexAdd(Storage dy, int dyOff, int outer, int n, int inner, int[] index, Storage dx, int dxOff) {
        long total = (long) outer * index.length * inner;
        if (total == 0) return;
        b.rt.pick(Op.INDEX_ADD, "indexing.index_add_atomic", v -> true);
        try (IndexCache.Lease<CachingAllocator.Block<CUdeviceptr>> idx = b.rt.indices(index)) {
            b.rt.launch("index_add", Launch.linear(total, 256, b.rt.gridCap()),
                    b.args().i(outer).i(n).i(inner).i(index.length).ptr(idx.block).ptr(dy, dyOff).ptr(dx, dxOff));
        }
    }

    void gatherTokens(Storage x, int xOff, int batch, int tokens, int dim, DeviceBuffer keep, int kept, Storage out, int outOff) {
        long total = (long) batch * kept * dim;
        if (total == 0) return;
        b.rt.pick(Op.GATHER_TOKENS, "indexing.gather_tokens", v -> true);
        b.rt.launch("gather_tokens", Launch.linear(total, 256, b.rt.gridCap()),
                b.args().i(batch).i(tokens).i(kept).i(dim).ptr(keep).ptr(x, xOff).ptr(out, outOff));
    }

    void unshuffleTokens(Storage x, int xOff, int batch, int tokens, int kept, int dim, DeviceBuffer restore,
                         Storage maskToken, int maskOff, Storage out, int outOff) {
        long total = (long) batch * (tokens + 1) * dim;
        if (total == 0) return;
        b.rt.pick(Op.UNSHUFFLE_TOKENS, "indexing.unshuffle_tokens", v -> true);
        b.rt.launch("unshuffle_tokens", Launch.linear(total, 256, b.rt.gridCap()),
                b.args().i(batch).i(tokens).i(kept).i(dim).ptr(restore).ptr(x, xOff).ptr(maskToken, maskOff).ptr(out, outOff));
    }
}
