package dev.lightbulb.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The threads that run one inference op's independent tasks (matmul row chunks, attention heads): the calling
 * thread and {@code threads - 1} workers claim tasks from a shared counter until none are left.
 *
 * <p>Why not a parallel stream: a decoded token is about a hundred small ops of tens of microseconds each, and a
 * fork/join worker that has gone to sleep takes about as long to wake up, so at 2 threads a 768 × 768 matmul ran
 * no faster than on one. These workers spin for a while after each op ({@link #SPIN_NANOS}), which covers the gaps
 * between the ops of a token, then sleep, so an idle engine costs nothing. Which thread runs a task changes no
 * result: every task writes its own outputs in a fixed order.
 *
 * <p>The thread count is the common fork/join pool's parallelism plus one (the JVM's usual knob,
 * {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=N}). A caller that finds the workers busy (another
 * thread's op, or a task that itself runs an op) runs its tasks itself.
 */
final class SpinningWorkers {
    /** How long an idle worker spins for the next op before it sleeps. */
    static final long SPIN_NANOS = 2_000_000L;
    /** A spinning thread yields its core once every this many checks (a sched_yield costs about a microsecond). */
    private static final int YIELD_EVERY = 64;

    static final SpinningWorkers SHARED = new SpinningWorkers(ForkJoinPool.getCommonPoolParallelism() + 1);

    private final int threads;
    private final Thread[] workers;
    private final AtomicInteger busy = new AtomicInteger();
    // the current op, written after its ticket and before its generation (all volatile, so a worker that reads a
    // newer op's task also finds the newer ticket, and claims nothing with the older generation)
    private volatile IntConsumer task;
    private volatile int taskCount;
    /** The op's generation (high 32 bits) and its next unclaimed task: a worker late for an op claims nothing. */
    private final AtomicLong ticket = new AtomicLong();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile long generation;
    private final boolean[] sleeping;

    SpinningWorkers(int threads) {
        this.threads = Math.max(1, threads);
        this.workers = new Thread[this.threads - 1];
        this.sleeping = new boolean[workers.length];
        for (int i = 0; i < workers.length; i++) {
            int id = i;
            workers[i] = Thread.ofPlatform().daemon().name("lightbulb-cpu-" + (i + 1)).unstarted(() -> work(id));
            workers[i].start();
        }
    }

    /** Threads that run an op's tasks, the caller included. */
    int threads() {
        return threads;
    }

    /**
     * Runs {@code task.accept(t)} for {@code t = 0 .. count - 1}, on the workers and the calling thread when
     * {@code parallel}, else on the calling thread in order; returns when all are done, rethrowing a task's failure.
     */
    void run(int count, boolean parallel, IntConsumer task) {
        if (count <= 0) return;
        if (!parallel || threads == 1 || count == 1 || !busy.compareAndSet(0, 1)) {
            for (int t = 0; t < count; t++) task.accept(t);
            return;
        }
        try {
            long op = generation + 1;
            ticket.set(op << 32);   // first: from here no claim of an earlier op succeeds
            this.task = task;
            this.taskCount = count;
            finished.set(0);
            failure.set(null);
            generation = op;   // publishes the fields above
            for (int i = 0; i < workers.length; i++) {
                synchronized (sleeping) {
                    if (sleeping[i]) LockSupport.unpark(workers[i]);
                }
            }
            claim(op, task, count);
            awaitFinished(count);
            Throwable t = failure.get();
            if (t instanceof RuntimeException e) throw e;
            if (t instanceof Error e) throw e;
            if (t != null) throw new IllegalStateException(t);
        } finally {
            this.task = null;
            busy.set(0);
        }
    }

    /**
     * Waits for the workers' last tasks: spinning, then yielding the core now and then, so that a worker the
     * operating system has put aside (a box busy with other work) gets to finish instead of waiting out our spin.
     */
    private void awaitFinished(int count) {
        for (int spins = 0; finished.get() < count; spins++) {
            if (spins % YIELD_EVERY == YIELD_EVERY - 1) Thread.yield();
            else Thread.onSpinWait();
        }
    }

    /** Runs tasks of op {@code op} until none is left; nothing once a later op has started. */
    private void claim(long op, IntConsumer task, int count) {
        while (true) {
            long v = ticket.get();
            int t = (int) v;
            if (v >>> 32 != op || t >= count) return;
            if (!ticket.compareAndSet(v, v + 1)) continue;
            try {
                task.accept(t);
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                finished.incrementAndGet();
            }
        }
    }

    private void work(int id) {
        long seen = generation;
        int spins = 0;
        while (true) {
            long spinStart = System.nanoTime();
            while (generation == seen) {
                if (System.nanoTime() - spinStart < SPIN_NANOS) {
                    if (++spins % YIELD_EVERY == 0) Thread.yield();   // other runnable threads go first
                    else Thread.onSpinWait();
                    continue;
                }
                synchronized (sleeping) {
                    sleeping[id] = true;
                }
                if (generation == seen) LockSupport.park(this);   // an op posted after the flag was set unparks it
                synchronized (sleeping) {
                    sleeping[id] = false;
                }
                spinStart = System.nanoTime();
            }
            seen = generation;
            IntConsumer current = task;
            int count = taskCount;
            if (current != null) claim(seen, current, count);
        }
    }
}
