package dev.lightbulb.games;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a benchmark run records in every episode about the model and how it was run: model name,
 * file and sha256, the sha256 of a separate tokenizer file (null when the model carries its own),
 * the LoRA adapter's sha256 and file (null without one), quantisation, backend and its numerics, chat template
 * and every sampling parameter with the context length, and which instances were played: the bundled ones (null) or
 * a user's instances file or folder ({@link InstanceSet}) with its sha256. Defaults follow clembench's CLI:
 * temperature 0 (greedy) and 100 max new tokens. {@link RunSettings} compares two of these.
 */
public record RunInfo(String modelName, String modelFile, String sha256, String tokenizerSha256, String adapter, String adapterFile,
                      String quantisation, String backend, String numerics, String chatTemplate, Map<String, Object> sampling,
                      String instances, String instancesSha256) {
    public static final double DEFAULT_TEMPERATURE = 0.0;
    public static final int DEFAULT_MAX_NEW_TOKENS = 100;

    public RunInfo {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("temperature", DEFAULT_TEMPERATURE);
        s.put("max_new_tokens", DEFAULT_MAX_NEW_TOKENS);
        if (sampling != null) s.putAll(sampling);
        sampling = java.util.Collections.unmodifiableMap(s);
    }

    /** The most common stored type of the weight matrices (norms and biases left out), e.g. F32, Q8_0. */
    public static String quantisationOf(Map<String, dev.lightbulb.tensor.GgmlType> types) {
        Map<dev.lightbulb.tensor.GgmlType, Integer> n = new java.util.HashMap<>();
        types.forEach((k, t) -> { if (!k.contains("norm") && !k.endsWith(".bias")) n.merge(t, 1, Integer::sum); });
        return n.entrySet().stream().max(Map.Entry.comparingByValue()).map(e -> e.getKey().name()).orElse("unknown");
    }

    /** A run of the bundled instances. */
    public RunInfo(String modelName, String modelFile, String sha256, String tokenizerSha256, String adapter, String adapterFile,
                   String quantisation, String backend, String numerics, String chatTemplate, Map<String, Object> sampling) {
        this(modelName, modelFile, sha256, tokenizerSha256, adapter, adapterFile, quantisation, backend, numerics, chatTemplate,
                sampling, null, null);
    }

    /** This run playing the instances of {@code set} (the bundled set records nulls). */
    public RunInfo withInstances(InstanceSet set) {
        return new RunInfo(modelName, modelFile, sha256, tokenizerSha256, adapter, adapterFile, quantisation, backend, numerics,
                chatTemplate, sampling, set.path() == null ? null : set.path().toString(), set.sha256());
    }

    /** clembench's model folder name, {@code <model>-t<temperature>}. */
    public String modelFolder() {
        Object t = sampling.get("temperature");
        return modelName + "-t" + (t instanceof Number n ? Double.toString(n.doubleValue()) : String.valueOf(t));
    }

    /** clembench's self-play pair folder, {@code <m>-t<T>--<m>-t<T>}. */
    public String pairFolder() { return modelFolder() + "--" + modelFolder(); }

    /** The "lightbulb run" block: every key but model_name, model_file, adapter_file and instances is a setting results depend on. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model_name", modelName);
        m.put("model_file", modelFile);
        m.put("model_sha256", sha256);
        m.put("tokenizer_sha256", tokenizerSha256);
        m.put("adapter", adapter);
        m.put("adapter_file", adapterFile);
        m.put("quantisation", quantisation);
        m.put("backend", backend);
        m.put("numerics", numerics);
        m.put("chat_template", chatTemplate);
        m.put("instances", instances);
        m.put("instances_sha256", instancesSha256);
        m.put("sampling", sampling);
        return m;
    }
}
