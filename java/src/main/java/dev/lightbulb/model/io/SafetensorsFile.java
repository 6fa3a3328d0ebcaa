package dev.lightbulb.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightbulb.Excerpt;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file, memory-mapped. Layout: u64 little-endian header length N, N bytes of UTF-8 JSON
 * ({@code {"name": {"dtype": "F32", "shape": [rows, cols], "data_offsets": [begin, end]}, "__metadata__": {...}}}),
 * then the tensor bytes; offsets are relative to the end of the header. Shapes are row-major (outermost first);
 * {@link #tensor} returns them in ggml order (reversed). F32, F16 and BF16 can be loaded; other dtypes are listed.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** The format's own limit on the JSON header, which also stops a corrupt length from allocating gigabytes. */
    private static final long MAX_HEADER = 100L << 20;

    /** A tensor as the header describes it; {@code shape} is row-major as stored. */
    public record TensorInfo(String name, String dtype, long[] shape, long begin, long end) {
        public TensorInfo {
            shape = shape.clone();
        }

        @Override
        public long[] shape() { return shape.clone(); }
    }

    private final Path path;
    private final Arena arena;
    private final MemorySegment data;
    private final Map<String, String> metadata;
    private final Map<String, TensorInfo> tensors;

    private SafetensorsFile(Path path, Arena arena, MemorySegment file) {
        this.path = path;
        this.arena = arena;
        SegmentReader in = new SegmentReader(path, file);
        long headerLength = in.i64("header length");
        if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > in.remaining()) {
            throw in.error("bad header length " + Long.toUnsignedString(headerLength) + " (file has " + file.byteSize() + " bytes)");
        }
        String json = new String(in.bytes(headerLength, "header"), StandardCharsets.UTF_8);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw in.error("header is not valid JSON: " + Excerpt.message(e.getMessage()));
        }
        if (root == null || !root.isObject()) throw in.error("header is not a JSON object");
        long dataStart = 8 + headerLength;
        this.data = file.asSlice(dataStart);
        Map<String, String> meta = new LinkedHashMap<>();
        Map<String, TensorInfo> infos = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals("__metadata__")) {
                e.getValue().fields().forEachRemaining(m -> meta.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            infos.put(e.getKey(), parseInfo(in, e.getKey(), e.getValue()));
        }
        checkLayout(in, infos.values(), data.byteSize());
        this.metadata = Collections.unmodifiableMap(meta);
        this.tensors = Collections.unmodifiableMap(infos);
    }

    private static TensorInfo parseInfo(SegmentReader in, String name, JsonNode node) {
        String what = "tensor " + Excerpt.quote(name);
        JsonNode dtype = node.get("dtype"), shape = node.get("shape"), offsets = node.get("data_offsets");
        if (dtype == null || !dtype.isTextual()) throw in.error(what + ": field 'dtype' is missing or not a string");
        if (shape == null || !shape.isArray()) throw in.error(what + ": field 'shape' is missing or not an array");
        if (offsets == null || !offsets.isArray() || offsets.size() != 2) {
            throw in.error(what + ": field 'data_offsets' must be [begin, end]");
        }
        long[] dims = new long[shape.size()];
        long elements = 1;
        for (int i = 0; i < dims.length; i++) {
            if (!shape.get(i).canConvertToLong() || shape.get(i).asLong() < 0) throw in.error(what + ": bad 'shape' entry " + Excerpt.quote(shape.get(i).toString()));
            dims[i] = shape.get(i).asLong();
            try {
                elements = Math.multiplyExact(elements, dims[i]);
            } catch (ArithmeticException ex) {
                throw in.error(what + ": 'shape' has too many elements");
            }
        }
        long begin = offsets.get(0).asLong(-1), end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin) throw in.error(what + ": bad 'data_offsets' " + Excerpt.quote(offsets.toString()));
        int width = dtypeBytes(dtype.asText());
        if (width > 0 && elements > Long.MAX_VALUE / width) throw in.error(what + ": 'shape' has too many elements");
        if (width > 0 && end - begin != elements * width) {
            throw in.error(what + ": 'data_offsets' span " + (end - begin) + " bytes but " + dtype.asText() + " "
                    + java.util.Arrays.toString(dims) + " needs " + elements * width);
        }
        return new TensorInfo(name, dtype.asText(), dims, begin, end);
    }

    /** Bytes per element of a safetensors dtype, or 0 if unknown. */
    static int dtypeBytes(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
            default -> 0;
        };
    }

    private static void checkLayout(SegmentReader in, java.util.Collection<TensorInfo> infos, long dataBytes) {
        List<TensorInfo> sorted = new ArrayList<>(infos);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin));
        long previousEnd = 0;
        String previous = null;
        for (TensorInfo t : sorted) {
            if (t.end() > dataBytes) {
                throw in.error("tensor " + Excerpt.quote(t.name()) + " data ends at " + t.end() + ", past the " + dataBytes + " data bytes in the file");
            }
            if (t.begin() < previousEnd) {
                throw in.error("tensor " + Excerpt.quote(t.name()) + " overlaps tensor " + Excerpt.quote(previous));
            }
            previousEnd = t.end();
            previous = t.name();
        }
    }

    public static SafetensorsFile open(Path path) {
        return MappedFile.open(path, "safetensors file", (arena, file) -> new SafetensorsFile(path, arena, file));
    }

    public Path path() { return path; }

    /** The optional {@code __metadata__} string map. */
    public Map<String, String> metadata() { return metadata; }

    /** Every tensor in header order, whatever its dtype. */
    public List<TensorInfo> tensors() { return List.copyOf(tensors.values()); }

    public boolean hasTensor(String name) { return tensors.containsKey(name); }

    /** An F32/F16/BF16 tensor as a view of the file, shape in ggml order (the stored shape reversed). */
    public HostTensor tensor(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) throw new LightbulbException(path + ": no tensor named " + Excerpt.quote(name));
        GgmlType type = switch (info.dtype()) {
            case "F32" -> GgmlType.F32;
            case "F16" -> GgmlType.F16;
            case "BF16" -> GgmlType.BF16;
            default -> throw new LightbulbException(path + ": tensor " + Excerpt.quote(name) + " has dtype " + Excerpt.quote(info.dtype())
                    + ", which lightbulb cannot load (F32, F16, BF16)");
        };
        long[] stored = info.shape();
        long[] shape = new long[Math.max(1, stored.length)];
        if (stored.length == 0) shape[0] = 1; // a scalar
        for (int i = 0; i < stored.length; i++) shape[i] = stored[stored.length - 1 - i];
        if (shape.length > 4) throw new LightbulbException(path + ": tensor " + Excerpt.quote(name) + " has " + stored.length + " dimensions, at most 4 supported");
        return new HostTensor(name, type, shape, data.asSlice(info.begin(), info.end() - info.begin()));
    }

    @Override
    public void close() { arena.close(); }
}
