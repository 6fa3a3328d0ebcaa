package dev.lightbulb.model;

import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.StepGraph;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Recorded decode steps of a model, by shape. A decode step (every row wants logits) of a given row count, cache and
 * step-buffer generation launches the same kernels on the same buffers every time; only the staged indices differ.
 * The second time such a shape runs, its kernels are recorded as a {@link StepGraph} (on backends that record;
 * the first run creates every buffer and constant the step uses), and from then on the step is one replay: on a
 * GPU this removes the per-kernel launch cost that bounds small-batch decode. Results are those of the plain
 * kernels, bit for bit (the same launches, in the same order).
 */
final class DecodeGraphs implements AutoCloseable {
    /** Distinct shapes kept; beyond it every graph is dropped (engines cycle through at most a few hundred). */
    private static final int MAX_GRAPHS = 512;

    private record Shape(int rows, PagedKvCache cache, int generation) {}

    private final Backend backend;
    private final Map<Shape, StepGraph> graphs = new HashMap<>();
    private final Map<Shape, Integer> seen = new HashMap<>();
    private boolean disabled;
    private int generation = -1;

    DecodeGraphs(Backend backend) {
        this.backend = backend;
    }

    /**
     * Runs {@code step} through {@code compute}: replayed from its graph when one is recorded for its shape, else
     * plainly (recording it on its second sighting). Returns whether it ran as a graph.
     */
    boolean run(StagedStep step, Consumer<StagedStep> compute) {
        if (disabled || step.logitRows() != step.rows()) {
            compute.accept(step);
            return false;
        }
        if (step.buffersGeneration() != generation) {   // the step buffers moved: every graph points at freed memory
            clear();
            generation = step.buffersGeneration();
        }
        Shape shape = new Shape(step.rows(), step.cache(), step.buffersGeneration());
        StepGraph g = graphs.get(shape);
        if (g != null && !g.isValid()) {
            graphs.remove(shape).close();
            g = null;
        }
        if (g == null && seen.merge(shape, 1, Integer::sum) >= 2) g = record(shape, step, compute);
        if (g == null) {
            compute.accept(step);
            return false;
        }
        g.replay();
        return true;
    }

    private StepGraph record(Shape shape, StagedStep step, Consumer<StagedStep> compute) {
        if (graphs.size() >= MAX_GRAPHS) clear();
        Optional<StepGraph> g;
        try {
            g = backend.record(() -> compute.accept(step));
        } catch (RuntimeException e) {
            // A backend that cannot record this step (an allocation inside it, a driver refusal) runs it plainly.
            System.err.println("lightbulb: decode steps run without graphs: " + e.getMessage());
            disabled = true;
            clear();
            return null;
        }
        if (g.isEmpty()) {
            disabled = true;
            return null;
        }
        if (!g.get().isValid()) {   // memory was reallocated while recording: run plainly, record next time
            g.get().close();
            return null;
        }
        graphs.put(shape, g.get());
        return g.get();
    }

    /** Graphs recorded so far (for tests and reports). */
    int size() {
        return graphs.size();
    }

    private void clear() {
        graphs.values().forEach(StepGraph::close);
        graphs.clear();
        seen.clear();
    }

    @Override
    public void close() {
        clear();
    }
}
