package aedmae.train;

/**
 * One line of metrics.jsonl.
 *
 * @param stage          "teacher" or "student"
 * @param epoch          1-based epoch within the stage
 * @param loss           mean training loss over the epoch's batches
 * @param lossRec        mean reconstruction (teacher) or distillation (student) part
 * @param lossCls        mean classification part (teacher stage with a head; else 0)
 * @param lr             learning rate at the epoch's last step
 * @param framesPerSecond training throughput of the epoch
 * @param seconds        wall time of the epoch (training only)
 * @param validation     validation score (pseudo-AUC on held-out videos with synthetic anomalies), NaN if not measured
 * @param testMicroAuc   test micro AUC (oracle mode only), NaN otherwise
 * @param heapMiBPerBatch JVM heap allocated per training batch (tens of MiB in a good run; gigabytes
 *                        when the JIT boxed the Vector API's vectors), 0 where not measured
 * @param gcSeconds      garbage-collection time during the epoch's training loop
 */
public record EpochMetrics(String stage, int epoch, double loss, double lossRec, double lossCls, double lr,
                           double framesPerSecond, double seconds, double validation, double testMicroAuc,
                           double heapMiBPerBatch, double gcSeconds) {}
