package dev.lightbulb.backend.cpu;

import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.tensor.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * A CPU backend buffer. F32 data lives in a Java {@code float[]} (the Vector API reads arrays fastest),
 * I32 data in an {@code int[]}; weights of other types stay as the caller's {@link MemorySegment} in ggml layout
 * (a view of the memory-mapped model file, never copied).
 */
final class CpuBuffer implements BackendBuffer {
    final GgmlType type;
    private final long[] shape;
    final float[] floats;
    final int[] ints;
    final MemorySegment blocks;
    private volatile boolean closed;

    private CpuBuffer(GgmlType type, long[] shape, float[] floats, int[] ints, MemorySegment blocks) {
        this.type = type;
        this.shape = shape.clone();
        this.floats = floats;
        this.ints = ints;
        this.blocks = blocks;
    }

    static CpuBuffer ofFloats(long[] shape, float[] data) { return new CpuBuffer(GgmlType.F32, shape, data, null, null); }

    static CpuBuffer ofInts(long[] shape, int[] data) { return new CpuBuffer(GgmlType.I32, shape, null, data, null); }

    static CpuBuffer ofBlocks(GgmlType type, long[] shape, MemorySegment data) { return new CpuBuffer(type, shape, null, null, data); }

    @Override public GgmlType type() { return type; }

    @Override public long[] shape() { return shape; }

    @Override public void close() { closed = true; }

    boolean isClosed() { return closed; }

    /** {@code b} as a CPU buffer that is still open; anything else is an error. */
    static CpuBuffer of(BackendBuffer b) {
        if (!(b instanceof CpuBuffer c)) throw new IllegalArgumentException("not a CPU backend buffer: " + b);
        if (c.isClosed()) throw new IllegalStateException("buffer used after close");
        return c;
    }

    /** The floats of an F32 buffer. */
    static float[] floatsOf(BackendBuffer b) {
        CpuBuffer c = of(b);
        if (c.floats == null) throw new IllegalArgumentException("expected an F32 buffer, got " + c.type);
        return c.floats;
    }

    /** The ints of an I32 buffer. */
    static int[] intsOf(BackendBuffer b) {
        CpuBuffer c = of(b);
        if (c.ints == null) throw new IllegalArgumentException("expected an I32 buffer, got " + c.type);
        return c.ints;
    }
}
