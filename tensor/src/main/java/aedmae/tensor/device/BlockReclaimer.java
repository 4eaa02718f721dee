package aedmae.tensor.device;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Returns the device blocks of storages that were closed or became unreachable. Tensors do not
 * close their storages (the CPU backend relies on the garbage collector), so each device buffer
 * registers a phantom reference here; {@link #drain} runs on the allocating thread before every
 * allocation, never on a collector thread, so blocks come back in program order.
 *
 * @param <B> the block type handed back to {@code release}
 */
public final class BlockReclaimer<B> {
    /** The link from an owner (a storage) to its block; the block is dropped once returned. */
    public static final class Ref<B> extends PhantomReference<Object> {
        private B block;

        Ref(Object owner, B block, ReferenceQueue<Object> q) {
            super(owner, q);
            this.block = block;
        }

        /** The block, or null once it was returned. */
        public B block() {
            return block;
        }
    }

    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private final Set<Ref<B>> pending = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Consumer<B> release;
    private final Object lock;

    /**
     * @param release returns a block to its allocator
     * @param lock    the allocator's lock, shared so that the allocator's out-of-memory path
     *                (allocator, then reclaimer) and a drain (reclaimer, then allocator) cannot
     *                deadlock
     */
    public BlockReclaimer(Consumer<B> release, Object lock) {
        this.release = release;
        this.lock = lock;
    }

    /** Tracks owner: its block is released when owner is closed or collected. */
    public Ref<B> register(Object owner, B block) {
        synchronized (lock) {
            Ref<B> r = new Ref<>(owner, block, queue);
            pending.add(r);
            return r;
        }
    }

    /** Releases the block now (an explicit close); idempotent. */
    public void close(Ref<B> r) {
        synchronized (lock) {
            B b = r.block;
            if (b == null) return;
            r.block = null;
            pending.remove(r);
            r.clear();
            release.accept(b);
        }
    }

    /** Releases the blocks of every owner collected since the last call. */
    @SuppressWarnings("unchecked")
    public void drain() {
        Reference<?> ref;
        while ((ref = queue.poll()) != null) close((Ref<B>) ref);
    }

    /** Runs the collector and drains: the out-of-memory path of the allocator. */
    public void collect() {
        System.gc();
        for (int i = 0; i < 5; i++) {
            try {
                Reference<?> first = queue.remove(20);
                if (first == null) break;
                @SuppressWarnings("unchecked") Ref<B> r = (Ref<B>) first;
                close(r);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        drain();
    }

    /** Owners registered and not yet released. */
    public int pendingCount() {
        synchronized (lock) {
            return pending.size();
        }
    }
}
