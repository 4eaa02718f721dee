package aedmae.datasets.prepare;

import aedmae.datasets.Split;

/** Progress of {@link DatasetPreparer}, reported after each video (from worker threads). */
@FunctionalInterface
public interface PrepareProgress {
    /**
     * @param done  videos finished so far, including this one
     * @param total videos to do
     */
    void videoDone(Split split, String video, int frames, int done, int total);
}
