package aedmae.train;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * What the JVM did during a stretch of training: heap bytes allocated (summed over the live
 * threads) and time spent in garbage collection. A training step of a good JVM run allocates tens
 * of MiB; a run whose JIT fell back to the Vector API's Java code (boxed vectors: "the JIT lottery",
 * bench/RESULTS.md) allocates gigabytes per batch and runs far slower, so metrics.jsonl records both
 * per epoch and a slow run can be told from a slow machine.
 *
 * @param allocatedBytes heap allocated by the threads alive at both ends (a thread that ended in
 *                       between is missed: a lower bound)
 * @param gcMillis       collection time of all collectors
 */
record JvmCounters(long allocatedBytes, long gcMillis) {
    /** The counters now. */
    static JvmCounters now() {
        long bytes = 0;
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported()) {
            for (long b : t.getThreadAllocatedBytes(t.getAllThreadIds())) if (b > 0) bytes += b;
        }
        long gc = 0;
        for (GarbageCollectorMXBean c : ManagementFactory.getGarbageCollectorMXBeans()) gc += Math.max(0, c.getCollectionTime());
        return new JvmCounters(bytes, gc);
    }

    /** What happened between an earlier snapshot and this one (never negative). */
    JvmCounters since(JvmCounters earlier) {
        return new JvmCounters(Math.max(0, allocatedBytes - earlier.allocatedBytes), Math.max(0, gcMillis - earlier.gcMillis));
    }
}
