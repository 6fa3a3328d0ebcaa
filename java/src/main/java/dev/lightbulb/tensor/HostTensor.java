package dev.lightbulb.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A tensor in host memory: a name, a ggml element type, a shape in ggml order ({@code shape[0]} is the row
 * length, the contiguous dimension) and little-endian bytes. Tensors read from files are views of the
 * memory-mapped file (never copied); they stay valid while the file they came from is open.
 */
public final class HostTensor {
    private final String name;
    private final GgmlType type;
    private final long[] shape;
    private final MemorySegment data;

    public HostTensor(String name, GgmlType type, long[] shape, MemorySegment data) {
        if (shape.length == 0 || shape.length > 4) {
            throw new IllegalArgumentException("tensor '" + name + "': 1 to 4 dimensions expected, got " + shape.length);
        }
        long elements = 1;
        for (long dim : shape) {
            if (dim < 0) throw new IllegalArgumentException("tensor '" + name + "': negative dimension in " + Arrays.toString(shape));
            elements = Math.multiplyExact(elements, dim);
        }
        if (shape[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException("tensor '" + name + "': row length " + shape[0] + " is not a multiple of "
                    + type + "'s block size " + type.blockSize());
        }
        if (data.byteSize() != type.bytesFor(elements)) {
            throw new IllegalArgumentException("tensor '" + name + "': " + type + " " + Arrays.toString(shape) + " needs "
                    + type.bytesFor(elements) + " bytes, got " + data.byteSize());
        }
        this.name = name;
        this.type = type;
        this.shape = shape.clone();
        this.data = data;
    }

    /** A new F32 tensor holding a copy of {@code values} (row-major, shape in ggml order). */
    public static HostTensor ofFloats(String name, float[] values, long... shape) {
        return quantize(name, GgmlType.F32, values, shape);
    }

    /** Encodes {@code values} (row-major, shape in ggml order) as {@code type} with llama.cpp's reference quantiser. */
    public static HostTensor quantize(String name, GgmlType type, float[] values, long... shape) {
        long elements = 1;
        for (long dim : shape) elements = Math.multiplyExact(elements, dim);
        if (elements != values.length) {
            throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape) + " holds "
                    + elements + " values, got " + values.length);
        }
        if (shape.length == 0 || shape[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException("tensor '" + name + "': row length must be a multiple of " + type.blockSize());
        }
        MemorySegment data = Arena.ofAuto().allocate(type.bytesFor(elements), 64);
        BlockCodec codec = BlockCodec.of(type);
        // blocks never cross rows, so groups of rows can be encoded in parallel with identical results
        int rowLength = Math.toIntExact(shape[0]);
        long rowBytes = type.bytesFor(rowLength);
        int rows = rowLength == 0 ? 0 : values.length / rowLength;
        int rowsPerTask = Math.max(1, (1 << 16) / Math.max(1, rowLength));
        IntStream.range(0, (rows + rowsPerTask - 1) / rowsPerTask).parallel().forEach(task -> {
            int first = task * rowsPerTask;
            int count = Math.min(rowsPerTask, rows - first);
            codec.quantize(values, first * rowLength, count * rowLength, data, first * rowBytes);
        });
        return new HostTensor(name, type, shape, data);
    }

    public String name() { return name; }

    public GgmlType type() { return type; }

    /** The shape in ggml order: {@code shape()[0]} is the row length. A copy. */
    public long[] shape() { return shape.clone(); }

    /** The raw little-endian bytes in ggml's layout. */
    public MemorySegment data() { return data; }

    public long elementCount() {
        long n = 1;
        for (long dim : shape) n *= dim;
        return n;
    }

    /** Number of rows: the product of all dimensions but the first. */
    public long rows() {
        long n = 1;
        for (int i = 1; i < shape.length; i++) n *= shape[i];
        return n;
    }

    /** Elements per row ({@code shape[0]}). */
    public int rowLength() {
        return Math.toIntExact(shape[0]);
    }

    /** Bytes per row in this tensor's type. */
    public long rowBytes() {
        return type.bytesFor(shape[0]);
    }

    /** The raw bytes of one row (a view, no copy). */
    public MemorySegment rowData(long row) {
        checkRow(row);
        return data.asSlice(row * rowBytes(), rowBytes());
    }

    private void checkRow(long row) {
        if (row < 0 || row >= rows()) {
            throw new IndexOutOfBoundsException("tensor '" + name + "': row " + row + " of " + rows());
        }
    }

    /** Decodes row {@code row} into {@code dst[dstOffset .. dstOffset + rowLength())}. */
    public void dequantizeRow(long row, float[] dst, int dstOffset) {
        checkRow(row);
        BlockCodec.of(type).dequantize(data, row * rowBytes(), dst, dstOffset, rowLength());
    }

    /** All values as floats, row after row. */
    public float[] toFloatArray() {
        long n = elementCount();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("tensor '" + name + "' has " + n + " elements, too many for one float[]");
        }
        float[] out = new float[(int) n];
        BlockCodec.of(type).dequantize(data, 0, out, 0, (int) n);
        return out;
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(shape);
    }
}
