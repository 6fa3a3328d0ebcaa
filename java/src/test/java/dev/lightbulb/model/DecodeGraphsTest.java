package dev.lightbulb.model;

import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.StepGraph;
import dev.lightbulb.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/**
 * When decode steps are recorded and replayed, on a backend whose "graphs" simply rerun the recorded step (so the
 * bookkeeping is tested without a GPU): recorded on the second sighting of a shape, replayed from then on, recorded
 * again after the backend invalidates it, never for steps where some row wants no logits.
 */
class DecodeGraphsTest {
    private final List<String> events = new ArrayList<>();
    private boolean valid = true;

    /** A backend that only records: a graph replays (reruns) the step it recorded, and is valid while {@code valid}. */
    private Backend recordingBackend() {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (proxy, m, args) -> {
            if (!m.getName().equals("record")) throw new UnsupportedOperationException(m.getName());
            Runnable step = (Runnable) args[0];
            events.add("record");
            step.run();   // recording runs the step's host code once, as a CUDA capture does (its launches are recorded)
            return Optional.of(new StepGraph() {
                boolean closed;
                @Override public void replay() { events.add("replay"); step.run(); }
                @Override public boolean isValid() { return valid && !closed; }
                @Override public void close() { closed = true; }
            });
        });
    }

    @Test
    void aDecodeShapeIsRecordedOnItsSecondRunAndReplayedAfterwards() {
        try (PagedKvCache cache = new PagedKvCache(new CpuBackend(), 1, 4, 16, 4); DecodeGraphs g = new DecodeGraphs(recordingBackend())) {
            StagedStep decode = new StagedStep(3, 3, cache, 1);
            List<Boolean> asGraph = new ArrayList<>();
            for (int i = 0; i < 4; i++) asGraph.add(g.run(decode, s -> events.add("compute")));
            assertEquals(List.of(false, true, true, true), asGraph);
            // first run plain; second: record (the recording runs compute once) then replay; then replays
            assertEquals(List.of("compute", "record", "compute", "replay", "compute", "replay", "compute", "replay", "compute"), events);
            assertEquals(1, g.size());

            events.clear();
            valid = false;                                           // the backend reallocated scratch memory
            assertFalse(g.run(decode, s -> events.add("compute")));  // dropped; recorded again, still invalid: plain
            valid = true;
            assertTrue(g.run(decode, s -> events.add("compute")));   // recorded again, valid: replayed
            assertEquals(List.of("record", "compute", "compute", "record", "compute", "replay", "compute"), events);
        }
    }

    @Test
    void stepsWhereARowWantsNoLogitsAndNewBufferGenerationsAreNotReplayed() {
        try (PagedKvCache cache = new PagedKvCache(new CpuBackend(), 1, 4, 16, 4); DecodeGraphs g = new DecodeGraphs(recordingBackend())) {
            StagedStep prefill = new StagedStep(5, 1, cache, 1);
            for (int i = 0; i < 3; i++) assertFalse(g.run(prefill, s -> {}));
            StagedStep decode = new StagedStep(2, 2, cache, 1);
            g.run(decode, s -> {});
            assertTrue(g.run(decode, s -> {}));
            StagedStep moved = new StagedStep(2, 2, cache, 2);       // step buffers reallocated: a new shape
            assertFalse(g.run(moved, s -> {}));
            assertEquals(0, g.size());
        }
    }

    @Test
    void aBackendThatDoesNotRecordRunsEveryStepPlainly() {
        try (PagedKvCache cache = new PagedKvCache(new CpuBackend(), 1, 4, 16, 4); DecodeGraphs g = new DecodeGraphs(new CpuBackend())) {
            StagedStep decode = new StagedStep(1, 1, cache, 1);
            int[] computed = {0};
            for (int i = 0; i < 3; i++) assertFalse(g.run(decode, s -> computed[0]++));
            assertEquals(3, computed[0]);
        }
    }
}
