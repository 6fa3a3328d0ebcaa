package dev.lightbulb.backend.sampling;

import java.util.function.IntConsumer;

/**
 * Runs {@code task.accept(t)} for {@code t = 0 .. count - 1}, in any order and on any threads, returning when all
 * are done. A backend lends the sampler its worker threads through this; each task writes only its own outputs,
 * so what the sampler returns never depends on how the tasks ran.
 */
@FunctionalInterface
public interface ParallelFor {
    void run(int count, IntConsumer task);

    /** Every task on the calling thread, in order. */
    ParallelFor SERIAL = (count, task) -> {
        for (int t = 0; t < count; t++) task.accept(t);
    };
}
