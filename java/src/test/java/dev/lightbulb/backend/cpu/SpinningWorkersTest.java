package dev.lightbulb.backend.cpu;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every task of every op runs exactly once, before run returns, whoever calls and however ops follow each other. */
class SpinningWorkersTest {

    @Test
    void manyOpsInQuickSuccessionRunEachTaskOnce() {
        SpinningWorkers workers = new SpinningWorkers(3);
        for (int op = 0; op < 20_000; op++) {
            int count = 1 + op % 17;
            AtomicIntegerArray runs = new AtomicIntegerArray(count);
            workers.run(count, true, runs::incrementAndGet);
            for (int t = 0; t < count; t++) assertEquals(1, runs.get(t), "op " + op + " task " + t);
        }
    }

    @Test
    void opsAfterTheWorkersFellAsleepStillRun() throws InterruptedException {
        SpinningWorkers workers = new SpinningWorkers(2);
        for (int op = 0; op < 3; op++) {
            Thread.sleep(SpinningWorkers.SPIN_NANOS / 1_000_000 + 5);
            AtomicIntegerArray runs = new AtomicIntegerArray(64);
            workers.run(64, true, runs::incrementAndGet);
            for (int t = 0; t < 64; t++) assertEquals(1, runs.get(t));
        }
    }

    @Test
    void callersOnSeveralThreadsAndNestedOpsEachGetTheirOwnTasksDone() throws Exception {
        SpinningWorkers workers = new SpinningWorkers(3);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            Future<?>[] done = new Future<?>[4];
            for (int c = 0; c < 4; c++) {
                done[c] = callers.submit(() -> {
                    for (int op = 0; op < 2_000; op++) {
                        AtomicIntegerArray outer = new AtomicIntegerArray(8), inner = new AtomicIntegerArray(8 * 5);
                        workers.run(8, true, t -> {
                            outer.incrementAndGet(t);
                            workers.run(5, true, u -> inner.incrementAndGet(t * 5 + u));   // runs on the caller: workers busy
                        });
                        for (int t = 0; t < 8; t++) assertEquals(1, outer.get(t));
                        for (int t = 0; t < 40; t++) assertEquals(1, inner.get(t));
                    }
                    return null;
                });
            }
            for (Future<?> f : done) f.get();
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aTaskFailureReachesTheCallerAfterTheOtherTasksFinish() {
        SpinningWorkers workers = new SpinningWorkers(2);
        IllegalArgumentException boom = new IllegalArgumentException("task 7");
        AtomicIntegerArray runs = new AtomicIntegerArray(32);
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> workers.run(32, true, t -> {
            runs.incrementAndGet(t);
            if (t == 7) throw boom;
        }));
        assertSame(boom, thrown);
        for (int t = 0; t < 32; t++) assertEquals(1, runs.get(t));
        AtomicIntegerArray after = new AtomicIntegerArray(4);
        workers.run(4, true, after::incrementAndGet);   // the workers still serve the next op
        for (int t = 0; t < 4; t++) assertEquals(1, after.get(t));
    }
}
