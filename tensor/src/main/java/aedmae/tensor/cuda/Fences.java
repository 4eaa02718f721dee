package aedmae.tensor.cuda;

/**
 * Points in the stream's work that the host can wait for (CUDA events on the real device; a
 * counter in tests).
 */
interface Fences {
    /** A fence after everything enqueued so far. */
    long record();

    /** Blocks until the fence has passed, then forgets it. */
    void await(long fence);

    /** Forgets a fence without waiting (a later fence was awaited, so it has passed). */
    void discard(long fence);
}
