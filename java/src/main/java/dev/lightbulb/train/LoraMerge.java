package dev.lightbulb.train;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.OutputFiles;
import dev.lightbulb.model.GgufWeights;
import dev.lightbulb.model.TensorNames;
import dev.lightbulb.model.io.GgufFile;
import dev.lightbulb.model.io.GgufTensorInfo;
import dev.lightbulb.model.io.GgufWriter;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Folds a llama.cpp LoRA adapter ({@link TrainingResults#ADAPTER}) into its base model: every adapted weight becomes
 * {@code W + (alpha/r)·B·A} in F32 (an adapted output projection that was tied to the embedding becomes its own
 * {@code output.weight}), every other tensor and all metadata are copied as they are. The result is an
 * ordinary GGUF model (quantise it afterwards with {@code quantize}).
 */
public final class LoraMerge {
    private LoraMerge() {}

    /** Writes the merged model to {@code out} (atomically); returns how many weights the adapter changed. */
    public static int merge(Path baseFile, Path adapterFile, Path out) {
        try (GgufFile base = GgufFile.open(baseFile); GgufFile adapter = GgufFile.open(adapterFile)) {
            checkAdapter(adapter, base);
            float alpha = adapter.getFloat("adapter.lora.alpha");
            GgufWriter w = new GgufWriter().putAll(base.typedMetadata()).remove("general.file_type");
            GgufWeights weights = new GgufWeights(base);
            Set<String> used = new HashSet<>();
            for (GgufTensorInfo t : base.tensors()) {
                String a = t.name() + ".lora_a", b = t.name() + ".lora_b";
                if (!adapter.hasTensor(a) && !adapter.hasTensor(b)) {
                    w.addRawTensor(t.name(), t.type(), t.shape(), base.tensorData(t));
                    continue;
                }
                if (!adapter.hasTensor(a) || !adapter.hasTensor(b)) {
                    throw new LightbulbException(adapterFile + ": '" + t.name() + "' has only one of .lora_a and .lora_b");
                }
                used.add(a);
                used.add(b);
                w.addTensor(HostTensor.ofFloats(t.name(), merged(weights.tensor(t.name()), adapter, a, b, alpha, adapterFile), t.shape()));
            }
            String tiedA = TensorNames.OUTPUT + ".lora_a", tiedB = TensorNames.OUTPUT + ".lora_b";
            if (!base.hasTensor(TensorNames.OUTPUT) && adapter.hasTensor(tiedA) && adapter.hasTensor(tiedB)) {
                // the output projection is the embedding: the adapted one becomes a separate output weight
                used.add(tiedA);
                used.add(tiedB);
                HostTensor embedding = weights.tensor(TensorNames.EMBEDDING);
                w.addTensor(HostTensor.ofFloats(TensorNames.OUTPUT, merged(embedding, adapter, tiedA, tiedB, alpha, adapterFile), embedding.shape()));
            }
            for (GgufTensorInfo t : adapter.tensors()) {
                if (!used.contains(t.name())) {
                    throw new LightbulbException(adapterFile + ": tensor '" + t.name() + "' adapts no weight of " + baseFile.getFileName());
                }
            }
            Path temp = out.resolveSibling(out.getFileName() + ".tmp");
            w.write(temp);
            OutputFiles.replace(temp, out);
            return used.size() / 2;
        }
    }

    /** {@code W + (alpha/r)·B·A}: W has n rows of k, A r rows of k (GGUF shape [k, r]), B n rows of r ([r, n]). */
    private static float[] merged(HostTensor weight, GgufFile adapter, String aName, String bName, float alpha, Path file) {
        long[] ws = weight.shape();
        int k = Math.toIntExact(ws[0]), n = Math.toIntExact(ws[1]);
        long[] as = adapter.tensorInfo(aName).shape(), bs = adapter.tensorInfo(bName).shape();
        int r = Math.toIntExact(as[1]);
        if (as[0] != k || bs[0] != r || bs[1] != n) {
            throw new LightbulbException(file + ": " + aName + " " + java.util.Arrays.toString(as) + " and " + bName + " "
                    + java.util.Arrays.toString(bs) + " do not fit the weight's shape " + java.util.Arrays.toString(ws));
        }
        float[] w = weight.toFloatArray();
        float[] a = floats(adapter, aName, file), b = floats(adapter, bName, file);
        float scale = alpha / r;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < k; i++) {
                double sum = 0;
                for (int q = 0; q < r; q++) sum += (double) b[j * r + q] * a[q * k + i];
                w[j * k + i] += (float) (scale * sum);
            }
        }
        return w;
    }

    private static float[] floats(GgufFile f, String name, Path file) {
        GgufTensorInfo info = f.tensorInfo(name);
        if (info.type() != GgmlType.F32) throw new LightbulbException(file + ": " + name + " is " + info.type() + "; LoRA tensors must be F32");
        return Checkpoint.floats(f, info);
    }

    private static void checkAdapter(GgufFile adapter, GgufFile base) {
        if (!"adapter".equals(adapter.optString("general.type", null)) || !"lora".equals(adapter.optString("adapter.type", null))) {
            throw new LightbulbException(adapter.path() + ": not a LoRA adapter (general.type = adapter and adapter.type = lora expected)");
        }
        if (!adapter.contains("adapter.lora.alpha")) throw new LightbulbException(adapter.path() + ": adapter.lora.alpha is missing");
        String arch = adapter.optString("general.architecture", null), baseArch = base.optString("general.architecture", null);
        if (arch != null && !arch.equals(baseArch)) {
            throw new LightbulbException(adapter.path() + ": an adapter for architecture " + arch + ", but the model is " + baseArch);
        }
    }
}
