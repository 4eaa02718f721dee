package aedmae.watch;

import aedmae.datasets.image.RgbFrame;

/**
 * One frame of a camera, ready to score: the model's three input frames at its size (planar
 * [3, H, W] bytes: t−3, t, t+3 of the stream, a missing neighbour replaced by frame t as in the
 * datasets' convention) and the frame as decoded, for snapshots and clips.
 *
 * @param camera       the camera's id
 * @param index        the frame's number in the camera's stream (0-based, counting on across reconnects)
 * @param arrivalNanos System.nanoTime() when frame t was decoded: latency is measured from here
 * @param epochMillis  wall-clock time of frame t
 * @param previous     frame t−3, [3, H, W]
 * @param current      frame t, [3, H, W]
 * @param next         frame t+3, [3, H, W]
 * @param original     frame t as decoded
 * @param endOfStream  the last frame before the stream ended or dropped: the scorer flushes what it held back
 */
public record LiveFrame(String camera, long index, long arrivalNanos, long epochMillis, byte[] previous, byte[] current,
                        byte[] next, RgbFrame original, boolean endOfStream) {}
