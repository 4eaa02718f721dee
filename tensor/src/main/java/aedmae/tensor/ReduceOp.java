package aedmae.tensor;

/** Reductions over one axis; mean and variance are built on SUM by the operations layer. */
public enum ReduceOp { SUM, MAX, MIN }
