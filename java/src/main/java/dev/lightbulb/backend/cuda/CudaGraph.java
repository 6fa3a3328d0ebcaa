package dev.lightbulb.backend.cuda;

import dev.lightbulb.backend.StepGraph;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.JCudaDriver;

import java.util.function.IntSupplier;

/**
 * A captured sequence of kernel launches (a decode step of a fixed batch shape) replayed with one launch,
 * which removes the per-kernel launch gaps that dominate small decode batches. Valid while the backend's scratch
 * memory has not been reallocated since the capture ({@code epoch}).
 */
public final class CudaGraph implements StepGraph {
    /** CU_STREAM_CAPTURE_MODE_THREAD_LOCAL: only this thread's unsafe calls break the capture. */
    private static final int CAPTURE_MODE_THREAD_LOCAL = 1;

    private final CudaDevice device;
    private final CUgraph graph = new CUgraph();
    private final CUgraphExec exec = new CUgraphExec();
    private final IntSupplier epoch;
    private int capturedEpoch;
    private boolean closed;

    private CudaGraph(CudaDevice device, IntSupplier epoch) {
        this.device = device;
        this.epoch = epoch;
    }

    static CudaGraph capture(CudaDevice device, IntSupplier epoch, Runnable step) {
        CudaGraph g = new CudaGraph(device, epoch);
        g.capturedEpoch = epoch.getAsInt();
        CudaDevice.check(JCudaDriver.cuStreamBeginCapture(device.stream, CAPTURE_MODE_THREAD_LOCAL), "cuStreamBeginCapture");
        try {
            step.run();
        } finally {
            int rc = JCudaDriver.cuStreamEndCapture(device.stream, g.graph);
            CudaDevice.check(rc, "cuStreamEndCapture");
        }
        CudaDevice.check(JCudaDriver.cuGraphInstantiate(g.exec, g.graph, 0), "cuGraphInstantiate");
        return g;
    }

    /** Queues the whole captured step on the backend's stream. */
    @Override
    public void replay() {
        if (!isValid()) throw new IllegalStateException("the graph's memory was reallocated since it was captured: capture it again");
        device.makeCurrent();
        CudaDevice.check(JCudaDriver.cuGraphLaunch(exec, device.stream), "cuGraphLaunch");
    }

    @Override
    public boolean isValid() {
        return !closed && epoch.getAsInt() == capturedEpoch;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        JCudaDriver.cuGraphExecDestroy(exec);
        JCudaDriver.cuGraphDestroy(graph);
    }
}
