package dev.lightbulb.backend.cpu;

import java.util.stream.IntStream;

/**
 * A training op's work as independent tasks, run in parallel when there is enough of it. Each task computes its
 * own outputs in a fixed order, so the results never depend on how many threads run the tasks.
 */
final class Tasks {
    private Tasks() {}

    /** Below this many multiply-adds an op runs on the calling thread; forking costs more than it saves. */
    static final long PARALLEL_THRESHOLD = 1 << 17;

    /** Tasks {@code 0 .. count - 1}, parallel when {@code work} (multiply-adds in all) reaches the threshold. */
    static IntStream range(int count, long work) {
        IntStream s = IntStream.range(0, count);
        return work >= PARALLEL_THRESHOLD ? s.parallel() : s;
    }

    /** {@code ceil(a / b)} for positive ints. */
    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
