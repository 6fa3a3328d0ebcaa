package dev.lightbulb.model;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's weights on a backend, by GGUF tensor name ({@link TensorNames}): projections and the embedding in their
 * stored types, norms and biases as F32 vectors. Shapes are checked against the config when uploaded. A tied model
 * has no {@code output.weight}: {@link #output()} is the embedding. Owns its buffers.
 */
public final class ModelWeights implements AutoCloseable {
    private final ModelConfig config;
    private final Backend backend;
    private final Map<String, BackendBuffer> buffers;
    private final Map<String, GgmlType> storedTypes;
    private final LayerWeights[] layers;

    /**
     * Weights already on {@code backend}: {@code buffers} by name (every tensor {@link TensorNames#shapes} lists,
     * {@code output.weight} optional), {@code storedTypes} the type each had in its file.
     */
    public ModelWeights(ModelConfig config, Backend backend, Map<String, BackendBuffer> buffers, Map<String, GgmlType> storedTypes) {
        this.config = config;
        this.backend = backend;
        this.buffers = new LinkedHashMap<>(buffers);
        this.storedTypes = new LinkedHashMap<>(storedTypes);
        layers = new LayerWeights[config.layers()];
        for (int l = 0; l < layers.length; l++) layers[l] = LayerWeights.of(this, l);
    }

    /** Uploads every tensor of {@code source} that a model of {@code config}'s shape has, checking shapes and types. */
    public static ModelWeights upload(ModelConfig config, WeightSource source, Backend backend) {
        Map<String, BackendBuffer> buffers = new LinkedHashMap<>();
        Map<String, GgmlType> types = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, long[]> e : TensorNames.shapes(config).entrySet()) {
                String name = e.getKey();
                if (name.equals(TensorNames.OUTPUT) && !source.has(name)) continue;   // tied to the embedding
                HostTensor t = source.tensor(name);
                buffers.put(name, upload(source, backend, name, t, e.getValue()));
                types.put(name, t.type());
            }
        } catch (RuntimeException e) {
            buffers.values().forEach(BackendBuffer::close);
            throw e;
        }
        return new ModelWeights(config, backend, buffers, types);
    }

    private static BackendBuffer upload(WeightSource w, Backend backend, String name, HostTensor t, long[] shape) {
        long[] s = t.shape();
        if (!Arrays.equals(s, shape)) {
            throw new LightbulbException(w.origin() + ": tensor '" + name + "' has shape " + Arrays.toString(s) + ", expected " + Arrays.toString(shape));
        }
        if (!backend.supportsWeightType(t.type()) && !(shape.length == 1 && t.type() == GgmlType.F32)) {
            throw new LightbulbException(w.origin() + ": tensor '" + name + "' has type " + t.type() + ", which the " + backend.name() + " backend cannot compute with");
        }
        if (shape.length == 1 && t.type() != GgmlType.F32) {   // norms and biases are used as F32 vectors
            float[] f = t.toFloatArray();
            BackendBuffer b = backend.allocate(GgmlType.F32, shape);
            backend.writeFloats(b, 0, f, 0, f.length);
            return b;
        }
        return backend.upload(t.type(), shape, t.data());
    }

    public ModelConfig config() { return config; }

    public Backend backend() { return backend; }

    /** The buffer of tensor {@code name}; an unknown name is an error. */
    public BackendBuffer get(String name) {
        BackendBuffer b = buffers.get(name);
        if (b == null) throw new IllegalArgumentException("no weight '" + name + "'");
        return b;
    }

    public boolean has(String name) { return buffers.containsKey(name); }

    /** Block {@code layer}'s buffers by role. */
    public LayerWeights layer(int layer) { return layers[layer]; }

    public BackendBuffer embedding() { return get(TensorNames.EMBEDDING); }

    public BackendBuffer outputNorm() { return get(TensorNames.OUTPUT_NORM); }

    /** The output projection, or the embedding when the model ties them. */
    public BackendBuffer output() { return has(TensorNames.OUTPUT) ? get(TensorNames.OUTPUT) : embedding(); }

    /** Stored type of every weight by name, as it was in the file (for reports). */
    public Map<String, GgmlType> storedTypes() { return Map.copyOf(storedTypes); }

    @Override
    public void close() {
        for (BackendBuffer b : buffers.values()) b.close();
    }
}
