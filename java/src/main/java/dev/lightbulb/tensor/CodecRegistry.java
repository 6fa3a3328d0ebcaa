package dev.lightbulb.tensor;

import java.util.EnumMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The {@link BlockCodec}s on the class path, one per type, loaded once (ServiceLoader) on first use. */
final class CodecRegistry {
    private CodecRegistry() {}

    private static final class Loaded {
        static final Map<GgmlType, BlockCodec> BY_TYPE = load();
    }

    static BlockCodec codec(GgmlType type) {
        BlockCodec c = Loaded.BY_TYPE.get(type);
        if (c == null) throw new IllegalArgumentException("no codec for ggml type " + type);
        return c;
    }

    private static Map<GgmlType, BlockCodec> load() {
        Map<GgmlType, BlockCodec> byType = new EnumMap<>(GgmlType.class);
        for (BlockCodec c : ServiceLoader.load(BlockCodec.class, BlockCodec.class.getClassLoader())) {
            BlockCodec previous = byType.put(c.type(), c);
            if (previous != null) {
                throw new IllegalStateException("two codecs for " + c.type() + ": " + previous.getClass().getName()
                        + " and " + c.getClass().getName());
            }
        }
        for (GgmlType t : GgmlType.values()) {
            if (t.isSupported() && !byType.containsKey(t)) {
                throw new IllegalStateException("no codec for supported type " + t + " in META-INF/services/" + BlockCodec.class.getName());
            }
        }
        return byType;
    }
}
