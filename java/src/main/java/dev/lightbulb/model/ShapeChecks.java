package dev.lightbulb.model;

import dev.lightbulb.LightbulbException;

/**
 * Checks of a model's shape as its file states it, made before anything is computed or allocated from it: a head
 * count of 0, a NaN epsilon or a block count near 2^31 is one clear error naming the file and the field, never a
 * division by zero, an IllegalArgumentException or an out-of-memory error later.
 */
final class ShapeChecks {
    private ShapeChecks() {}

    /** A count or size that must be at least 1. */
    static int positive(String origin, String field, long value) {
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new LightbulbException(origin + ": " + field + " is " + value + ", expected a positive number");
        }
        return (int) value;
    }

    /** A finite number above 0 (RoPE bases, scaling factors). */
    static double positiveFinite(String origin, String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new LightbulbException(origin + ": " + field + " is " + number(value) + ", expected a finite number above 0");
        }
        return value;
    }

    /** RMSNorm's epsilon: a small stabiliser, finite and in (0, 1); anything else makes the norm meaningless. */
    static float epsilon(String origin, String field, double value) {
        if (!(value > 0 && value < 1)) {
            throw new LightbulbException(origin + ": " + field + " is " + number(value) + ", expected a small positive number such as 1e-5");
        }
        return (float) value;
    }

    /** A value as the file stored it: a float32 one without the digits its widening to double adds. */
    private static String number(double value) {
        return value == (float) value ? Float.toString((float) value) : Double.toString(value);
    }

    /** Grouped-query attention: the query heads split evenly over the key/value heads. */
    static void headsDivide(String origin, String headsField, int heads, String kvField, int kvHeads) {
        if (heads % kvHeads != 0) {
            throw new LightbulbException(origin + ": " + headsField + " " + heads + " is not a multiple of " + kvField + " " + kvHeads);
        }
    }

    /** The head width when the file does not state it: the embedding must split evenly over the heads. */
    static int headDim(String origin, String dimField, int dim, String headsField, int heads) {
        if (dim % heads != 0) {
            throw new LightbulbException(origin + ": " + dimField + " " + dim + " is not a multiple of " + headsField + " " + heads);
        }
        return dim / heads;
    }

    /** Rotated elements per head: even (they rotate in pairs) and at most the head width. */
    static int rotaryDim(String origin, String field, int rotaryDim, int headDim) {
        if (rotaryDim % 2 != 0 || rotaryDim > headDim) {
            throw new LightbulbException(origin + ": " + field + " is " + rotaryDim + ", expected an even number of at most the head width " + headDim);
        }
        return rotaryDim;
    }

    /**
     * The weights a shape needs at the least (embedding, and per block the Q, K, V, output and three feed-forward
     * matrices; norms, biases and an untied output left out) must fit in the file's bytes even at one bit each, so
     * no size that the file cannot back is ever allocated. Also bounds heads × head width to an int.
     */
    static void weightsFit(String origin, long fileBytes, int dim, int layers, int heads, int kvHeads, int headDim,
                           int hidden, int vocab) {
        long weights;
        try {
            long qDim = Math.multiplyExact((long) heads, headDim), kvDim = Math.multiplyExact((long) kvHeads, headDim);
            if (qDim > Integer.MAX_VALUE) throw new ArithmeticException();
            long perLayer = Math.addExact(Math.multiplyExact(2L * dim, qDim), Math.multiplyExact(2L * dim, kvDim));
            perLayer = Math.addExact(perLayer, Math.multiplyExact(3L * dim, hidden));
            weights = Math.addExact(Math.multiplyExact((long) vocab, dim), Math.multiplyExact(perLayer, layers));
        } catch (ArithmeticException e) {
            weights = Long.MAX_VALUE;
        }
        if (weights / 8 > fileBytes) {
            throw new LightbulbException(origin + ": its shape (" + layers + " blocks, width " + dim + ", " + heads + " heads of "
                    + headDim + ", " + kvHeads + " key/value heads, feed-forward " + hidden + ", vocabulary " + vocab + ") needs "
                    + (weights == Long.MAX_VALUE ? "more than 2^63" : "at least " + weights) + " weights, more than the "
                    + fileBytes + " bytes of its weights can hold: the metadata does not describe this file");
        }
    }
}
