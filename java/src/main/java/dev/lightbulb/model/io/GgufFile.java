package dev.lightbulb.model.io;

import dev.lightbulb.Excerpt;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;
import dev.lightbulb.text.GgufMetadata;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GGUF file (version 2 or 3), memory-mapped: metadata is parsed up front, tensors are views of the mapping.
 * Every offset is a long, so files over 2 GB work. Close it to unmap; tensors from it are invalid afterwards.
 * Format: magic "GGUF", u32 version, u64 tensor count, u64 metadata count, key/value pairs, tensor infos,
 * padding to {@code general.alignment} (default 32), tensor data.
 */
public final class GgufFile implements GgufMetadata, AutoCloseable {
    public static final int MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
    public static final int DEFAULT_ALIGNMENT = 32;
    private static final int MAX_DIMS = 4;

    private final Path path;
    private final Arena arena;
    private final MemorySegment file;
    private final int version;
    private final Map<String, GgufValue> entries;
    private final List<GgufTensorInfo> tensors;
    private final Map<String, GgufTensorInfo> tensorsByName;
    private final int alignment;
    private final long dataOffset;

    private GgufFile(Path path, Arena arena, MemorySegment file, int version, Map<String, GgufValue> entries,
                     List<GgufTensorInfo> tensors, int alignment, long dataOffset) {
        this.path = path;
        this.arena = arena;
        this.file = file;
        this.version = version;
        this.entries = Collections.unmodifiableMap(entries);
        this.tensors = List.copyOf(tensors);
        this.alignment = alignment;
        this.dataOffset = dataOffset;
        Map<String, GgufTensorInfo> byName = new HashMap<>();
        for (GgufTensorInfo t : tensors) byName.put(t.name(), t);
        this.tensorsByName = byName;
    }

    /** Maps and parses {@code path}; a malformed file gives a {@link LightbulbException} naming file and field. */
    public static GgufFile open(Path path) {
        return MappedFile.open(path, "GGUF file", (arena, file) -> parse(path, arena, file));
    }

    private static GgufFile parse(Path path, Arena arena, MemorySegment file) {
        SegmentReader in = new SegmentReader(path, file);
        int magic = in.i32("magic");
        if (magic != MAGIC) {
            throw in.error(String.format("not a GGUF file: magic is 0x%08x, expected 0x%08x (\"GGUF\")", magic, MAGIC));
        }
        int version = in.i32("version");
        if (version != 2 && version != 3) {
            throw in.error("unsupported GGUF version " + version + " (lightbulb reads versions 2 and 3"
                    + (Integer.reverseBytes(version) == 3 || Integer.reverseBytes(version) == 2 ? "; this looks like a big-endian file" : "") + ")");
        }
        long tensorCount = in.i64("tensor count");
        long kvCount = in.i64("metadata key/value count");
        in.checkCount(kvCount, 8 + 4 + 1, "metadata key/value count");
        Map<String, GgufValue> entries = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            String key = readString(in, "metadata key #" + i);
            int typeId = in.i32("type of metadata " + Excerpt.quote(key));
            GgufValueType type = GgufValueType.byId(typeId);
            if (type == null) throw in.error("metadata " + Excerpt.quote(key) + " has unknown value type id " + typeId);
            GgufValue value = new GgufValue(type, readValue(in, type, "metadata " + Excerpt.quote(key), 0));
            if (entries.put(key, value) != null) throw in.error("duplicate metadata key " + Excerpt.quote(key));
        }
        int alignment = DEFAULT_ALIGNMENT;
        GgufValue alignValue = entries.get("general.alignment");
        if (alignValue != null) {
            if (alignValue.type() != GgufValueType.UINT32) {
                throw in.error("metadata 'general.alignment' has type " + alignValue.type() + ", expected UINT32");
            }
            alignment = (Integer) alignValue.value();
            if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
                throw in.error("metadata 'general.alignment' is " + Integer.toUnsignedString(alignment) + ", expected a power of two");
            }
        }
        in.checkCount(tensorCount, 8 + 4 + 8 + 4 + 8, "tensor count");
        List<GgufTensorInfo> infos = new ArrayList<>();
        Map<String, Long> seen = new HashMap<>();
        for (long i = 0; i < tensorCount; i++) {
            String name = readString(in, "name of tensor #" + i);
            String what = "tensor " + Excerpt.quote(name);
            if (seen.put(name, i) != null) throw in.error("duplicate tensor name " + Excerpt.quote(name));
            int nDims = in.i32("dimension count of " + what);
            if (nDims < 1 || nDims > MAX_DIMS) throw in.error(what + " has " + nDims + " dimensions, expected 1 to " + MAX_DIMS);
            long[] shape = new long[nDims];
            long elements = 1;
            for (int d = 0; d < nDims; d++) {
                shape[d] = in.i64("dimension " + d + " of " + what);
                if (shape[d] < 0) throw in.error(what + " has negative dimension " + Long.toUnsignedString(shape[d]));
                try {
                    elements = Math.multiplyExact(elements, shape[d]);
                } catch (ArithmeticException e) {
                    throw in.error(what + " shape " + Arrays.toString(shape) + " has too many elements");
                }
            }
            int typeId = in.i32("type of " + what);
            GgmlType type = GgmlType.byId(typeId);
            if (type == null) throw in.error(what + " has unknown ggml type id " + typeId);
            if (shape[0] % type.blockSize() != 0) {
                throw in.error(what + " row length " + shape[0] + " is not a multiple of " + type + "'s block size " + type.blockSize());
            }
            long bytes = elements / type.blockSize();
            if (bytes > Long.MAX_VALUE / type.blockBytes()) throw in.error(what + " is too large");
            bytes *= type.blockBytes();
            long offset = in.i64("data offset of " + what);
            if (offset < 0 || offset % alignment != 0) {
                throw in.error(what + " data offset " + Long.toUnsignedString(offset) + " is not a multiple of the alignment " + alignment);
            }
            infos.add(new GgufTensorInfo(name, shape, type, offset, bytes));
        }
        long dataOffset = alignUp(in.position(), alignment);
        checkTensorData(in, infos, dataOffset, file.byteSize());
        return new GgufFile(path, arena, file, version, entries, infos, alignment, dataOffset);
    }

    /** Every tensor must lie inside the file and no two may overlap (which catches sizes that disagree with shapes). */
    private static void checkTensorData(SegmentReader in, List<GgufTensorInfo> infos, long dataOffset, long fileSize) {
        List<GgufTensorInfo> byOffset = new ArrayList<>(infos);
        byOffset.sort(Comparator.comparingLong(GgufTensorInfo::offset));
        GgufTensorInfo previous = null;
        for (GgufTensorInfo t : byOffset) {
            if (t.offset() > fileSize - dataOffset || t.byteSize() > fileSize - dataOffset - t.offset()) {
                throw in.error("tensor " + Excerpt.quote(t.name()) + " data (" + t.byteSize() + " bytes at data offset " + t.offset()
                        + ") runs past the end of the file (" + fileSize + " bytes, data section starts at " + dataOffset + ")");
            }
            if (previous != null && previous.offset() + previous.byteSize() > t.offset()) {
                throw in.error("tensor " + Excerpt.quote(previous.name()) + " (" + previous.type() + " " + Arrays.toString(previous.shape())
                        + " = " + previous.byteSize() + " bytes at data offset " + previous.offset()
                        + ") overlaps tensor " + Excerpt.quote(t.name()) + " at data offset " + t.offset());
            }
            previous = t;
        }
    }

    static long alignUp(long offset, long alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }

    private static String readString(SegmentReader in, String field) {
        long length = in.i64("length of " + field);
        if (length < 0 || length > in.remaining()) {
            throw in.error("bad string length " + Long.toUnsignedString(length) + " for " + field
                    + " (only " + in.remaining() + " bytes left in the file)");
        }
        return in.utf8(length, field);
    }

    private static Object readValue(SegmentReader in, GgufValueType type, String field, int depth) {
        return switch (type) {
            case UINT8 -> in.i8(field) & 0xFF;
            case INT8 -> (int) in.i8(field);
            case UINT16 -> in.i16(field) & 0xFFFF;
            case INT16 -> (int) in.i16(field);
            case UINT32, INT32 -> in.i32(field);
            case UINT64, INT64 -> in.i64(field);
            case FLOAT32 -> in.f32(field);
            case FLOAT64 -> in.f64(field);
            case BOOL -> {
                byte b = in.i8(field);
                if (b != 0 && b != 1) throw in.error(field + " is a bool with byte value " + b + ", expected 0 or 1");
                yield b == 1;
            }
            case STRING -> readString(in, field);
            case ARRAY -> readArray(in, field, depth);
        };
    }

    private static GgufArray readArray(SegmentReader in, String field, int depth) {
        if (depth > 8) throw in.error(field + " nests arrays more than 8 deep");
        int typeId = in.i32("element type of " + field);
        GgufValueType type = GgufValueType.byId(typeId);
        if (type == null) throw in.error(field + " is an array of unknown value type id " + typeId);
        long count = in.i64("length of " + field);
        in.checkCount(count, type.minBytes(), "array length of " + field);
        if (count > Integer.MAX_VALUE - 8) throw in.error(field + " has " + count + " elements, more than lightbulb can hold");
        int n = (int) count;
        String element = field + " element";
        Object values = switch (type) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) a[i] = (Integer) readValue(in, type, element, depth);
                yield a;
            }
            case UINT64, INT64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) a[i] = in.i64(element);
                yield a;
            }
            case FLOAT32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) a[i] = in.f32(element);
                yield a;
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) a[i] = in.f64(element);
                yield a;
            }
            case BOOL -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) a[i] = (Boolean) readValue(in, type, element, depth);
                yield a;
            }
            case STRING -> {
                String[] a = new String[n];
                for (int i = 0; i < n; i++) a[i] = readString(in, element + " #" + i);
                yield a;
            }
            case ARRAY -> {
                List<GgufArray> a = new ArrayList<>(n);
                for (int i = 0; i < n; i++) a.add(readArray(in, element + " #" + i, depth + 1));
                yield a;
            }
        };
        return new GgufArray(type, values);
    }

    // ---------------------------------------------------------------- file-level facts

    public Path path() { return path; }

    public int version() { return version; }

    /** The file's length in bytes. */
    public long size() { return file.byteSize(); }

    public int alignment() { return alignment; }

    /** Absolute file offset where the tensor data section starts. */
    public long dataOffset() { return dataOffset; }

    // ---------------------------------------------------------------- metadata

    /** Metadata in file order, as plain Java values (see {@link GgufValue}); arrays as Java arrays or Lists. */
    public Map<String, Object> metadata() {
        Map<String, Object> out = new LinkedHashMap<>();
        entries.forEach((k, v) -> out.put(k, v.plain()));
        return Collections.unmodifiableMap(out);
    }

    /** Metadata in file order with GGUF types, as needed to write it back exactly. */
    public Map<String, GgufValue> typedMetadata() { return entries; }

    public boolean contains(String key) { return entries.containsKey(key); }

    /** The GGUF type of a metadata value, or null if absent. */
    public GgufValueType valueType(String key) {
        GgufValue v = entries.get(key);
        return v == null ? null : v.type();
    }

    private GgufValue require(String key) {
        GgufValue v = entries.get(key);
        if (v == null) throw new LightbulbException(path + ": metadata key '" + key + "' is missing");
        return v;
    }

    private LightbulbException wrongType(String key, GgufValue v, String expected) {
        String actual = v.value() instanceof GgufArray a ? "ARRAY of " + a.elementType() : v.type().toString();
        return new LightbulbException(path + ": metadata '" + key + "' has type " + actual + ", expected " + expected);
    }

    public String getString(String key) {
        GgufValue v = require(key);
        if (v.type() != GgufValueType.STRING) throw wrongType(key, v, "STRING");
        return (String) v.value();
    }

    public String optString(String key, String fallback) {
        return contains(key) ? getString(key) : fallback;
    }

    /** Any integer type whose value fits in an int. */
    public int getInt(String key) {
        long v = getLong(key);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new LightbulbException(path + ": metadata '" + key + "' is " + v + ", too large for an int");
        }
        return (int) v;
    }

    public int optInt(String key, int fallback) {
        return contains(key) ? getInt(key) : fallback;
    }

    /** Any integer type (UINT64 values beyond Long.MAX_VALUE are rejected). */
    public long getLong(String key) {
        GgufValue v = require(key);
        if (!v.type().isInteger()) throw wrongType(key, v, "an integer");
        long value = v.value() instanceof Integer i ? i : (Long) v.value();
        if (v.type() == GgufValueType.UINT32) value &= 0xFFFFFFFFL;
        if (v.type() == GgufValueType.UINT64 && value < 0) {
            throw new LightbulbException(path + ": metadata '" + key + "' is " + Long.toUnsignedString(value) + ", too large");
        }
        return value;
    }

    public long optLong(String key, long fallback) {
        return contains(key) ? getLong(key) : fallback;
    }

    /** FLOAT32 or FLOAT64. */
    public float getFloat(String key) {
        GgufValue v = require(key);
        if (v.value() instanceof Float f) return f;
        if (v.value() instanceof Double d) return d.floatValue();
        throw wrongType(key, v, "FLOAT32");
    }

    public float optFloat(String key, float fallback) {
        return contains(key) ? getFloat(key) : fallback;
    }

    public boolean getBoolean(String key) {
        GgufValue v = require(key);
        if (v.value() instanceof Boolean b) return b;
        throw wrongType(key, v, "BOOL");
    }

    public boolean optBoolean(String key, boolean fallback) {
        return contains(key) ? getBoolean(key) : fallback;
    }

    private GgufArray requireArray(String key, String expected) {
        GgufValue v = require(key);
        if (v.value() instanceof GgufArray a) return a;
        throw wrongType(key, v, expected);
    }

    public String[] getStringArray(String key) {
        GgufArray a = requireArray(key, "ARRAY of STRING");
        if (a.elementType() != GgufValueType.STRING) throw wrongType(key, require(key), "ARRAY of STRING");
        return ((String[]) a.values()).clone();
    }

    /** FLOAT32 or FLOAT64 elements. */
    public float[] getFloatArray(String key) {
        GgufArray a = requireArray(key, "ARRAY of FLOAT32");
        if (a.values() instanceof float[] f) return f.clone();
        if (a.values() instanceof double[] d) {
            float[] out = new float[d.length];
            for (int i = 0; i < d.length; i++) out[i] = (float) d[i];
            return out;
        }
        throw wrongType(key, require(key), "ARRAY of FLOAT32");
    }

    /** Any integer element type whose values fit in an int. */
    public int[] getIntArray(String key) {
        GgufArray a = requireArray(key, "ARRAY of integers");
        if (a.values() instanceof int[] i) {
            if (a.elementType() == GgufValueType.UINT32) {
                for (int v : i) if (v < 0) throw new LightbulbException(path + ": metadata '" + key + "' holds UINT32 " + Integer.toUnsignedString(v) + ", too large for an int");
            }
            return i.clone();
        }
        if (a.values() instanceof long[] l) {
            int[] out = new int[l.length];
            for (int k = 0; k < l.length; k++) {
                if (l[k] < Integer.MIN_VALUE || l[k] > Integer.MAX_VALUE) {
                    throw new LightbulbException(path + ": metadata '" + key + "' element " + k + " is " + l[k] + ", too large for an int");
                }
                out[k] = (int) l[k];
            }
            return out;
        }
        throw wrongType(key, require(key), "ARRAY of integers");
    }

    // ---------------------------------------------------------------- tensors

    /** The tensor table in file order, including tensors of types lightbulb cannot compute with. */
    public List<GgufTensorInfo> tensors() { return tensors; }

    public boolean hasTensor(String name) { return tensorsByName.containsKey(name); }

    public GgufTensorInfo tensorInfo(String name) {
        GgufTensorInfo t = tensorsByName.get(name);
        if (t == null) throw new LightbulbException(path + ": no tensor named '" + name + "'");
        return t;
    }

    /** The raw bytes of any listed tensor (a view of the mapping), whatever its type. */
    public MemorySegment tensorData(GgufTensorInfo info) {
        return file.asSlice(dataOffset + info.offset(), info.byteSize());
    }

    /** A tensor lightbulb can compute with; a type it cannot (e.g. Q5_1) is a {@link LightbulbException}. */
    public HostTensor tensor(String name) {
        GgufTensorInfo info = tensorInfo(name);
        if (!info.type().isSupported()) {
            throw new LightbulbException(path + ": tensor '" + name + "' has type " + info.type()
                    + ", which lightbulb cannot compute with (supported: F32, F16, BF16, Q8_0, Q4_0, Q5_0, Q4_K, Q6_K)");
        }
        return new HostTensor(name, info.type(), info.shape(), tensorData(info));
    }

    @Override
    public void close() {
        arena.close();
    }
}
