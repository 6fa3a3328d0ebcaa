package dev.lightbulb.backend;

/**
 * The ops of one step recorded once and replayed with a single launch (a CUDA graph): the kernels read the same
 * buffers each time, so new inputs are written into those buffers before each {@link #replay}. A graph stops being
 * {@linkplain #isValid valid} when the backend reallocates memory the recorded ops use; it must then be recorded again.
 */
public interface StepGraph extends AutoCloseable {

    /** Queues the recorded ops again, in order, on the backend's stream. */
    void replay();

    /** False once memory the recorded ops read or write has been reallocated. */
    boolean isValid();

    @Override
    void close();
}
