package dev.lightbulb.model;

import dev.lightbulb.model.io.BundledModels;
import dev.lightbulb.model.io.GgufFile;
import dev.lightbulb.model.io.GgufTensorInfo;
import dev.lightbulb.model.io.GgufValue;
import dev.lightbulb.model.io.GgufWriter;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Variants of the bundled stories260K GGUF with edited metadata and the same tensors, for tests of bad input. */
final class BundledVariants {
    private BundledVariants() {}

    /** Writes the bundled model to {@code file} with its metadata edited by {@code edit}. */
    static Path withMetadata(Path file, Consumer<Map<String, GgufValue>> edit) {
        try (GgufFile f = GgufFile.open(BundledModels.stories260K())) {
            Map<String, GgufValue> m = new LinkedHashMap<>(f.typedMetadata());
            edit.accept(m);
            GgufWriter w = new GgufWriter().putAll(m);
            for (GgufTensorInfo t : f.tensors()) w.addRawTensor(t.name(), t.type(), t.shape(), f.tensorData(t));
            w.write(file);
        }
        return file;
    }
}
