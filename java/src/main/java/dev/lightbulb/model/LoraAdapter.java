package dev.lightbulb.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightbulb.InputFiles;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.model.io.GgufFile;
import dev.lightbulb.model.io.GgufTensorInfo;
import dev.lightbulb.model.io.SafetensorsFile;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A LoRA adapter as inference applies it, unmerged: for each adapted weight W (by GGUF name),
 * {@code y = W·x + (alpha/r)·B·(A·x)} with A (r rows of {@code in} floats) and B ({@code out} rows of r floats) in F32,
 * in this model's row order. Read from a llama.cpp GGUF adapter ({@code general.type = adapter}) or a
 * Hugging Face PEFT folder ({@link PeftLayout}), and checked against the model it adapts.
 *
 * @param origin what the user named (for messages and records)
 * @param sha256 identity of the adapter's bytes (the GGUF file; for PEFT, its config and tensors files in turn)
 */
public record LoraAdapter(String origin, String sha256, float alpha, int rank, Map<String, Pair> pairs) {

    /** A (r rows of {@code in}) and B ({@code out} rows of r) of one adapted weight. */
    public record Pair(float[] a, float[] b, int in, int out) {}

    public LoraAdapter {
        pairs = Collections.unmodifiableMap(new LinkedHashMap<>(pairs));
    }

    /** The factor B·(A·x) is multiplied by: alpha / rank. */
    public float scale() { return alpha / rank; }

    /** Reads the adapter at {@code path} (a GGUF file, or a PEFT folder) for a model of {@code config}. */
    public static LoraAdapter read(Path path, ModelConfig config) {
        if (Files.isDirectory(path)) return readPeft(path, config);
        InputFiles.requireReadableFile("--lora", path, "a LoRA adapter (a llama.cpp GGUF adapter or a PEFT folder)");
        try (GgufFile f = GgufFile.open(path)) {
            if (!"adapter".equals(f.optString("general.type", null)) || !"lora".equals(f.optString("adapter.type", null))) {
                throw new LightbulbException(path + ": not a LoRA adapter (general.type = adapter and adapter.type = lora expected)");
            }
            String arch = f.optString("general.architecture", null);
            if (arch != null && Architectures.of(config) != Architectures.forFileName(arch, path.toString())) {
                throw new LightbulbException(path + ": an adapter for architecture " + arch + ", but the model is " + config.architecture());
            }
            if (!f.contains("adapter.lora.alpha")) throw new LightbulbException(path + ": adapter.lora.alpha is missing");
            Map<String, float[]> tensors = new LinkedHashMap<>();
            Map<String, long[]> shapes = new LinkedHashMap<>();
            for (GgufTensorInfo t : f.tensors()) {
                if (t.type() != GgmlType.F32 && t.type() != GgmlType.F16 && t.type() != GgmlType.BF16) {
                    throw new LightbulbException(path + ": " + t.name() + " is " + t.type() + "; LoRA tensors must be F32, F16 or BF16");
                }
                tensors.put(t.name(), f.tensor(t.name()).toFloatArray());
                shapes.put(t.name(), t.shape());
            }
            return build(path.toString(), InputFiles.sha256("--lora", path), f.getFloat("adapter.lora.alpha"), tensors, shapes, config,
                    n -> n.endsWith(".lora_a") || n.endsWith(".lora_b") ? n.substring(0, n.length() - 7) : null, n -> n.endsWith(".lora_a"));
        }
    }

    private static LoraAdapter readPeft(Path dir, ModelConfig config) {
        Path configFile = dir.resolve(PeftLayout.CONFIG), tensorFile = dir.resolve(PeftLayout.TENSORS);
        InputFiles.requireReadableFile("--lora", configFile, "a PEFT adapter config");
        InputFiles.requireReadableFile("--lora", tensorFile, "a PEFT adapter's tensors");
        JsonNode c;
        try {
            c = new ObjectMapper().readTree(configFile.toFile());
        } catch (IOException e) {
            throw new LightbulbException(configFile + ": not valid JSON: " + InputFiles.reason(e));
        }
        if (!"LORA".equals(c.path("peft_type").asText())) throw new LightbulbException(configFile + ": peft_type is not LORA");
        if (!c.path("lora_alpha").isNumber() || !c.path("r").isInt()) throw new LightbulbException(configFile + ": needs numbers r and lora_alpha");
        if (c.path("use_dora").asBoolean(false) || c.path("use_rslora").asBoolean(false) || c.path("fan_in_fan_out").asBoolean(false)) {
            throw new LightbulbException(configFile + ": DoRA, rsLoRA and fan_in_fan_out adapters are not supported");
        }
        Map<String, String> weightOf = new LinkedHashMap<>();   // PEFT module -> GGUF weight name
        for (String weight : TensorNames.shapes(config).keySet()) {
            if (weight.endsWith(".weight") && !weight.contains("norm") && !weight.equals(TensorNames.EMBEDDING)) {
                weightOf.put("base_model.model." + PeftLayout.module(weight), weight);
            }
        }
        Map<String, float[]> tensors = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(tensorFile)) {
            for (SafetensorsFile.TensorInfo t : f.tensors()) {
                HostTensor h = f.tensor(t.name());
                tensors.put(t.name(), h.toFloatArray());
                shapes.put(t.name(), h.shape());
            }
        }
        LoraAdapter raw = build(dir.toString(), folderSha256(configFile, tensorFile), (float) c.get("lora_alpha").asDouble(), tensors, shapes, config,
                n -> {
                    String m = n.replaceFirst("\\.lora_[AB](\\.default)?\\.weight$", "");
                    return m.equals(n) ? null : weightOf.get(m);
                },
                n -> n.matches(".*\\.lora_A(\\.default)?\\.weight$"));
        if (raw.rank != c.get("r").asInt()) {
            throw new LightbulbException(configFile + ": r is " + c.get("r").asInt() + " but the tensors have rank " + raw.rank);
        }
        Map<String, Pair> reordered = new LinkedHashMap<>();
        raw.pairs.forEach((w, p) -> reordered.put(w, new Pair(p.a(), PeftLayout.reorderB(w, p.b(), raw.rank, config, false), p.in(), p.out())));
        return new LoraAdapter(raw.origin, raw.sha256, raw.alpha, raw.rank, reordered);
    }

    /**
     * Pairs A and B by the weight each adapts ({@code weightOf} maps a tensor name to its GGUF weight name, null for
     * one that adapts nothing this model has) and checks every shape against {@code config}.
     */
    private static LoraAdapter build(String origin, String sha256, float alpha, Map<String, float[]> tensors, Map<String, long[]> shapes,
                                     ModelConfig config, java.util.function.Function<String, String> weightOf,
                                     java.util.function.Predicate<String> isA) {
        Map<String, long[]> model = TensorNames.shapes(config);
        Map<String, float[]> as = new LinkedHashMap<>(), bs = new LinkedHashMap<>();
        Map<String, long[]> aShape = new LinkedHashMap<>(), bShape = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : tensors.entrySet()) {
            String weight = weightOf.apply(e.getKey());
            if (weight == null || !model.containsKey(weight)) {
                throw new LightbulbException(origin + ": tensor '" + e.getKey() + "' adapts no weight of this " + config.architecture() + " model");
            }
            (isA.test(e.getKey()) ? as : bs).put(weight, e.getValue());
            (isA.test(e.getKey()) ? aShape : bShape).put(weight, shapes.get(e.getKey()));
        }
        if (as.isEmpty()) throw new LightbulbException(origin + ": the adapter has no tensors");
        Map<String, Pair> pairs = new LinkedHashMap<>();
        int rank = -1;
        for (String weight : model.keySet()) {   // in the model's order
            if (!as.containsKey(weight) && !bs.containsKey(weight)) continue;
            if (!as.containsKey(weight) || !bs.containsKey(weight)) {
                throw new LightbulbException(origin + ": '" + weight + "' has only one of the two LoRA matrices A and B");
            }
            long[] w = model.get(weight), a = aShape.get(weight), b = bShape.get(weight);
            int r = (int) a[a.length - 1];
            if (a.length != 2 || b.length != 2 || a[0] != w[0] || b[0] != r || b[1] != w[1]) {
                throw new LightbulbException(origin + ": the adapter of '" + weight + "' has A " + Arrays.toString(a) + " and B "
                        + Arrays.toString(b) + " (ggml order), which do not fit the weight's " + Arrays.toString(w));
            }
            if (rank >= 0 && r != rank) throw new LightbulbException(origin + ": adapters of rank " + rank + " and " + r + " in one file");
            rank = r;
            pairs.put(weight, new Pair(as.get(weight), bs.get(weight), (int) w[0], (int) w[1]));
        }
        if (!(alpha > 0) || Float.isInfinite(alpha)) throw new LightbulbException(origin + ": the adapter's alpha must be positive, got " + alpha);
        return new LoraAdapter(origin, sha256, alpha, rank, pairs);
    }

    private static String folderSha256(Path... files) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (Path f : files) d.update(java.util.HexFormat.of().parseHex(InputFiles.sha256("--lora", f)));
            return java.util.HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
