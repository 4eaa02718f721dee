package aedmae.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scope whose temporary storages go back to their backend for reuse when it closes, so a loop
 * of training steps or scoring batches recycles the same buffers instead of allocating fresh
 * ones (and, on the JVM, instead of making the garbage collector copy large live arrays).
 *
 * <pre>
 *   try (MemoryArena arena = MemoryArena.open()) {
 *       Tensor loss = model.forward(...);   // every storage made here is tracked
 *       loss.backward(); opt.step(); opt.zeroGrad();
 *       lossValue = loss.item();           // take out what you need as plain values,
 *   }                                      // or MemoryArena.keep(tensor) before closing
 * </pre>
 *
 * Contract: after close, every tensor created inside the scope and not kept is invalid (its
 * memory may be reused). Storages made outside any arena are never recycled. Arenas nest; they
 * are per thread.
 */
public final class MemoryArena implements AutoCloseable {
    private static final ThreadLocal<ArrayDeque<MemoryArena>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

    private final Map<Storage, Boolean> tracked = new IdentityHashMap<>();
    private final Thread owner = Thread.currentThread();
    private boolean closed;

    private MemoryArena() {}

    public static MemoryArena open() {
        MemoryArena a = new MemoryArena();
        STACK.get().push(a);
        return a;
    }

    /** Called by backends for every storage they create. */
    public static void track(Storage s) {
        ArrayDeque<MemoryArena> st = STACK.get();
        if (!st.isEmpty()) st.peek().tracked.put(s, Boolean.TRUE);
    }

    /** Keeps a tensor's storage alive beyond the current arenas (e.g. optimiser state). Returns t. */
    public static <T extends Tensor> T keep(T t) {
        if (t != null) for (MemoryArena a : STACK.get()) a.tracked.remove(t.storage());
        return t;
    }

    /** True when some arena is open on this thread. */
    public static boolean active() {
        return !STACK.get().isEmpty();
    }

    /** Storages this arena will recycle. */
    public int size() {
        return tracked.size();
    }

    @Override
    public void close() {
        if (closed) return;
        if (Thread.currentThread() != owner) throw new IllegalStateException("MemoryArena closed by another thread");
        ArrayDeque<MemoryArena> st = STACK.get();
        if (st.peek() != this) throw new IllegalStateException("MemoryArena closed out of order (an inner arena is still open)");
        st.pop();
        closed = true;
        List<Storage> list = new ArrayList<>(tracked.keySet());
        tracked.clear();
        for (Storage s : list) s.backend().release(s);
    }
}
