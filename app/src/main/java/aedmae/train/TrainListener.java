package aedmae.train;

/** What a training run reports as it goes (the CLI shows a progress bar; tests listen quietly). */
public interface TrainListener {
    /** A stage's epoch begins: batches is the number of batches it will run. */
    default void epochStarted(String stage, int epoch, int epochs, int batches) {}

    /** One batch done: its loss and the frames it held. */
    default void batchDone(double loss, int frames) {}

    /** An epoch ended, with its metrics (also written to metrics.jsonl). */
    default void epochEnded(EpochMetrics metrics) {}

    /** A line of information. */
    default void log(String line) {}

    TrainListener QUIET = new TrainListener() {};
}
