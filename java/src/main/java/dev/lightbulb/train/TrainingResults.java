package dev.lightbulb.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.OutputFiles;
import dev.lightbulb.model.ModelConfig;
import dev.lightbulb.model.PeftLayout;
import dev.lightbulb.model.io.SafetensorsWriter;
import dev.lightbulb.model.io.GgufFile;
import dev.lightbulb.model.io.GgufTensorInfo;
import dev.lightbulb.model.io.GgufWriter;
import dev.lightbulb.tensor.HostTensor;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes what a finetuning run made, atomically (a temporary file, then a rename; a crash mid-write leaves the
 * previous result):
 * <ul>
 *   <li>LoRA: {@code adapter.gguf}, a llama.cpp LoRA adapter ({@code general.type = adapter},
 *       {@code adapter.type = lora}, {@code adapter.lora.alpha}; tensors {@code <base weight>.lora_a} of shape
 *       [in, r] and {@code .lora_b} of shape [r, out] in GGUF order, F32), which {@code llama-cli --lora} loads, and
 *       the same adapter in Hugging Face PEFT's layout ({@code adapter_config.json}, {@code adapter_model.safetensors}),
 *       which PEFT loads over the Hugging Face version of the base;</li>
 *   <li>full: {@code model.gguf}, the base file's metadata and tokenizer with every trained tensor in F32.</li>
 * </ul>
 */
public final class TrainingResults {
    public static final String ADAPTER = "adapter.gguf", MODEL = "model.gguf";

    private TrainingResults() {}

    /** Where {@link FinetuneSettings#snapshots()} keeps each saved model. */
    public static final String SNAPSHOTS = "snapshots";

    static Path write(TrainableModel model, GgufFile base, FinetuneSettings settings, int step) {
        GgufWriter w = new GgufWriter();
        Path target;
        if (settings.full()) {
            target = settings.out().resolve(MODEL);
            w.putAll(base.typedMetadata());
            w.remove("general.file_type");   // the tensors are F32 now, whatever the base was
            Map<String, Parameter> trained = new java.util.HashMap<>();
            for (Parameter p : model.parameters()) trained.put(p.name(), p);
            if (settings.init() != null) {
                // a new model: the base gave its tokenizer and family, the shape and every tensor are its own
                putShape(w, base.getString("general.architecture"), model.config());
                for (Parameter p : model.parameters()) w.addTensor(HostTensor.ofFloats(p.name(), values(model, p), p.shape()));
            } else {
                for (GgufTensorInfo t : base.tensors()) {
                    Parameter p = trained.get(t.name());
                    if (p != null) w.addTensor(HostTensor.ofFloats(t.name(), values(model, p), p.shape()));
                    else w.addRawTensor(t.name(), t.type(), t.shape(), base.tensorData(t));
                }
            }
        } else {
            writePeft(model, base, settings);
            target = settings.out().resolve(ADAPTER);
            w.putString("general.type", "adapter");
            w.putString("general.architecture", base.getString("general.architecture"));
            w.putString("adapter.type", "lora");
            w.putFloat32("adapter.lora.alpha", settings.lora().alpha());
            for (Parameter p : model.parameters()) w.addTensor(HostTensor.ofFloats(p.name(), values(model, p), p.shape()));
        }
        OutputFiles.write(target, w::write);
        if (settings.snapshots()) {
            Path snapshot = settings.out().resolve(SNAPSHOTS).resolve(String.format(java.util.Locale.ROOT, "model-step%06d.gguf", step));
            OutputFiles.write(snapshot, tmp -> java.nio.file.Files.copy(target, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING));
        }
        return target;
    }

    /** The GGUF keys of a llama-family shape, under the file's architecture name. */
    private static void putShape(GgufWriter w, String arch, ModelConfig c) {
        w.putUInt32(arch + ".embedding_length", c.dim());
        w.putUInt32(arch + ".block_count", c.layers());
        w.putUInt32(arch + ".attention.head_count", c.heads());
        w.putUInt32(arch + ".attention.head_count_kv", c.kvHeads());
        w.putUInt32(arch + ".feed_forward_length", c.hiddenDim());
        w.putUInt32(arch + ".context_length", c.contextLength());
        w.putUInt32(arch + ".rope.dimension_count", c.headDim());
        w.remove(arch + ".attention.key_length");
        w.remove(arch + ".attention.value_length");
    }

    /**
     * The adapter in Hugging Face PEFT's layout ({@link PeftLayout}): {@code adapter_model.safetensors} with PEFT's
     * tensor names (B's q and k rows in Hugging Face's order) and {@code adapter_config.json}; tensors first, so a
     * config on disk always has its tensors.
     */
    private static void writePeft(TrainableModel model, GgufFile base, FinetuneSettings settings) {
        ModelConfig config = model.config();
        SafetensorsWriter tensors = new SafetensorsWriter().putMetadata("format", "pt");
        Set<String> modules = new LinkedHashSet<>();
        for (Parameter p : model.parameters()) {
            boolean a = p.name().endsWith(".lora_a");
            String weight = p.name().substring(0, p.name().length() - ".lora_a".length());
            float[] v = values(model, p);
            if (!a) v = PeftLayout.reorderB(weight, v, settings.lora().rank(), config, true);
            tensors.addTensor(HostTensor.ofFloats(PeftLayout.tensorName(weight, a), v, p.shape()));
            modules.add(PeftLayout.targetModule(weight));
        }
        Path tensorFile = settings.out().resolve(PeftLayout.TENSORS), configFile = settings.out().resolve(PeftLayout.CONFIG);
        OutputFiles.write(tensorFile, tensors::write);
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("peft_type", "LORA");
        c.put("task_type", "CAUSAL_LM");
        c.put("base_model_name_or_path", base.optString("general.name", null));
        c.put("r", settings.lora().rank());
        c.put("lora_alpha", settings.lora().alpha());
        c.put("lora_dropout", 0.0);
        ArrayNode targets = c.putArray("target_modules");
        modules.forEach(targets::add);
        c.put("bias", "none");
        c.put("fan_in_fan_out", false);
        c.put("inference_mode", true);
        c.put("init_lora_weights", true);
        c.putNull("modules_to_save");
        c.put("use_rslora", false);
        c.put("use_dora", false);
        c.put("library", "lightbulb");
        OutputFiles.write(configFile, tmp -> new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), c));
    }

    private static float[] values(TrainableModel model, Parameter p) {
        return Checkpoint.read(model.backend(), p.value(), p.size());
    }
}
