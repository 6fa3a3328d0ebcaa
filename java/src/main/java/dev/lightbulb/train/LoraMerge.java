package dev.lightbulb.train;

import dev.lightbulb.OutputFiles;
import dev.lightbulb.model.GgufWeights;
import dev.lightbulb.model.LoraAdapter;
import dev.lightbulb.model.ModelConfig;
import dev.lightbulb.model.TensorNames;
import dev.lightbulb.model.io.GgufFile;
import dev.lightbulb.model.io.GgufTensorInfo;
import dev.lightbulb.model.io.GgufWriter;
import dev.lightbulb.tensor.HostTensor;

import java.nio.file.Path;

/**
 * Folds a LoRA adapter (llama.cpp GGUF or PEFT, as {@link TrainingResults} writes them) into its base model: every adapted weight becomes
 * {@code W + (alpha/r)·B·A} in F32 (an adapted output projection that was tied to the embedding becomes its own
 * {@code output.weight}), every other tensor and all metadata are copied as they are. The result is an
 * ordinary GGUF model (quantise it afterwards with {@code quantize}).
 */
public final class LoraMerge {
    private LoraMerge() {}

    /**
     * Writes the merged model to {@code out} (atomically); {@code adapterPath} is a llama.cpp GGUF adapter or a PEFT
     * folder ({@link LoraAdapter#read}). Returns how many weights the adapter changed.
     */
    public static int merge(Path baseFile, Path adapterPath, Path out) {
        try (GgufFile base = GgufFile.open(baseFile)) {
            LoraAdapter adapter = LoraAdapter.read(adapterPath, ModelConfig.fromGguf(base));
            GgufWriter w = new GgufWriter().putAll(base.typedMetadata()).remove("general.file_type");
            GgufWeights weights = new GgufWeights(base);
            for (GgufTensorInfo t : base.tensors()) {
                LoraAdapter.Pair p = adapter.pairs().get(t.name());
                if (p == null) w.addRawTensor(t.name(), t.type(), t.shape(), base.tensorData(t));
                else w.addTensor(HostTensor.ofFloats(t.name(), merged(weights.tensor(t.name()), p, adapter), t.shape()));
            }
            LoraAdapter.Pair tied = adapter.pairs().get(TensorNames.OUTPUT);
            if (tied != null && !base.hasTensor(TensorNames.OUTPUT)) {
                // the output projection is the embedding: the adapted one becomes a separate output weight
                HostTensor embedding = weights.tensor(TensorNames.EMBEDDING);
                w.addTensor(HostTensor.ofFloats(TensorNames.OUTPUT, merged(embedding, tied, adapter), embedding.shape()));
            }
            OutputFiles.write(out, w::write);
            return adapter.pairs().size();
        }
    }

    /** {@code W + (alpha/r)·B·A}: W has n rows of k, A r rows of k, B n rows of r (shapes checked when read). */
    private static float[] merged(HostTensor weight, LoraAdapter.Pair p, LoraAdapter adapter) {
        int k = p.in(), n = p.out(), r = adapter.rank();
        float[] w = weight.toFloatArray(), a = p.a(), b = p.b();
        float scale = adapter.scale();
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < k; i++) {
                double sum = 0;
                for (int q = 0; q < r; q++) sum += (double) b[j * r + q] * a[q * k + i];
                w[j * k + i] += (float) (scale * sum);
            }
        }
        return w;
    }
}
