package dev.lightbulb.train;

import dev.lightbulb.OutputFiles;
import dev.lightbulb.model.io.GgufFile;
import dev.lightbulb.model.io.GgufTensorInfo;
import dev.lightbulb.model.io.GgufWriter;
import dev.lightbulb.tensor.HostTensor;

import java.nio.file.Path;
import java.util.Map;

/**
 * Writes what a finetuning run made, atomically (a temporary file, then a rename; a crash mid-write leaves the
 * previous result):
 * <ul>
 *   <li>LoRA: {@code adapter.gguf}, a llama.cpp LoRA adapter ({@code general.type = adapter},
 *       {@code adapter.type = lora}, {@code adapter.lora.alpha}; tensors {@code <base weight>.lora_a} of shape
 *       [in, r] and {@code .lora_b} of shape [r, out] in GGUF order, F32), which {@code llama-cli --lora} loads;</li>
 *   <li>full: {@code model.gguf}, the base file's metadata and tokenizer with every trained tensor in F32.</li>
 * </ul>
 */
public final class TrainingResults {
    public static final String ADAPTER = "adapter.gguf", MODEL = "model.gguf";

    private TrainingResults() {}

    static Path write(TrainableModel model, GgufFile base, FinetuneSettings settings) {
        GgufWriter w = new GgufWriter();
        Path target;
        if (settings.full()) {
            target = settings.out().resolve(MODEL);
            w.putAll(base.typedMetadata());
            w.remove("general.file_type");   // the tensors are F32 now, whatever the base was
            Map<String, Parameter> trained = new java.util.HashMap<>();
            for (Parameter p : model.parameters()) trained.put(p.name(), p);
            for (GgufTensorInfo t : base.tensors()) {
                Parameter p = trained.get(t.name());
                if (p != null) w.addTensor(HostTensor.ofFloats(t.name(), values(model, p), p.shape()));
                else w.addRawTensor(t.name(), t.type(), t.shape(), base.tensorData(t));
            }
        } else {
            target = settings.out().resolve(ADAPTER);
            w.putString("general.type", "adapter");
            w.putString("general.architecture", base.getString("general.architecture"));
            w.putString("adapter.type", "lora");
            w.putFloat32("adapter.lora.alpha", settings.lora().alpha());
            for (Parameter p : model.parameters()) w.addTensor(HostTensor.ofFloats(p.name(), values(model, p), p.shape()));
        }
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        w.write(temp);
        OutputFiles.replace(temp, target);
        return target;
    }

    private static float[] values(TrainableModel model, Parameter p) {
        return Checkpoint.read(model.backend(), p.value(), p.size());
    }
}
