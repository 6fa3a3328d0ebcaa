package dev.lightbulb.games;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a benchmark run records in every episode about the model and how it was run: model name,
 * file and sha256, the sha256 of a separate tokenizer file (null when the model carries its own),
 * the LoRA adapter's sha256 and file (null without one), quantisation, backend and its numerics, chat template
 * and every sampling parameter with the context length. Defaults follow clembench's CLI:
 * temperature 0 (greedy) and 100 max new tokens. {@link RunSettings} compares two of these.
 */
public record RunInfo(String modelName, String modelFile, String sha256, String tokenizerSha256, String adapter, String adapterFile,
                      String quantisation, String backend, String numerics, String chatTemplate, Map<String, Object> sampling) {
    public static final double DEFAULT_TEMPERATURE = 0.0;
    public static final int DEFAULT_MAX_NEW_TOKENS = 100;

    public RunInfo {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("temperature", DEFAULT_TEMPERATURE);
        s.put("max_new_tokens", DEFAULT_MAX_NEW_TOKENS);
        if (sampling != null) s.putAll(sampling);
        sampling = java.util.Collections.unmodifiableMap(s);
    }

    /** clembench's model folder name, {@code <model>-t<temperature>}. */
    public String modelFolder() {
        Object t = sampling.get("temperature");
        return modelName + "-t" + (t instanceof Number n ? Double.toString(n.doubleValue()) : String.valueOf(t));
    }

    /** clembench's self-play pair folder, {@code <m>-t<T>--<m>-t<T>}. */
    public String pairFolder() { return modelFolder() + "--" + modelFolder(); }

    /** The "lightbulb run" block: every key but model_name, model_file and adapter_file is a setting results depend on. */
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
        m.put("sampling", sampling);
        return m;
    }
}
