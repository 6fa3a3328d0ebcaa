package dev.lightbulb.train;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.OutputFiles;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.model.io.GgufFile;
import dev.lightbulb.model.io.GgufWriter;
import dev.lightbulb.tensor.HostTensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a finetuning run needs to continue bit-identically, in one GGUF file ({@code checkpoint.gguf}, written
 * atomically): every trainable tensor, AdamW's two moments of each, the step, how many examples the data order has
 * drawn, and the run's identity (the base model's sha256 and the settings that shape the numbers), which a resume must
 * match.
 */
final class Checkpoint {
    static final String FILE = "checkpoint.gguf";
    private static final String STEP = "lightbulb.train.step", DRAWN = "lightbulb.train.examples_drawn",
            MODEL = "lightbulb.train.model_sha256", SETTINGS = "lightbulb.train.settings";

    /** Where a run stands. */
    record Position(int step, long drawn) {}

    private Checkpoint() {}

    /** What a resumed run must share with the run that wrote the checkpoint. */
    static String identity(FinetuneSettings s) {
        return (s.full() ? "full" : "lora rank=" + s.lora().rank() + " alpha=" + s.lora().alpha() + " targets=" + s.lora().targets())
                + " steps=" + s.steps() + " lr=" + s.learningRate() + " warmup=" + s.warmupSteps() + " batch_tokens="
                + s.batchTokens() + " seq_len=" + s.seqLen() + " weight_decay=" + s.weightDecay() + " clip=" + s.maxGradNorm()
                + " seed=" + s.seed() + (s.init() == null ? "" : " init=random " + s.init());
    }

    static void write(Path dir, TrainableModel model, AdamW optimiser, Position at, String modelSha, String identity) {
        Backend backend = model.backend();
        GgufWriter w = new GgufWriter().putString("general.type", "lightbulb-checkpoint")
                .putUInt32(STEP, at.step()).putString(DRAWN, Long.toString(at.drawn()))
                .putString(MODEL, modelSha).putString(SETTINGS, identity);
        List<Parameter> params = List.copyOf(model.parameters());
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            w.addTensor(HostTensor.ofFloats(p.name(), read(backend, p.value(), p.size()), p.shape()));
            w.addTensor(HostTensor.ofFloats("adam.m." + p.name(), read(backend, optimiser.firstMoment(i), p.size()), p.shape()));
            w.addTensor(HostTensor.ofFloats("adam.v." + p.name(), read(backend, optimiser.secondMoment(i), p.size()), p.shape()));
        }
        Path target = dir.resolve(FILE), temp = dir.resolve(FILE + ".tmp");
        w.write(temp);
        OutputFiles.replace(temp, target);
    }

    /** Restores {@code model} and {@code optimiser} from {@code dir}'s checkpoint; another model or setting is an error. */
    static Position restore(Path dir, TrainableModel model, AdamW optimiser, String modelSha, String identity) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new LightbulbException("--resume " + dir + ": no " + FILE + " there (a run writes one every --save-every steps)");
        }
        try (GgufFile f = GgufFile.open(file)) {
            if (!f.getString(MODEL).equals(modelSha)) {
                throw new LightbulbException("--resume " + dir + ": the checkpoint was trained from another model file (sha256 "
                        + f.getString(MODEL) + ", this --model has " + modelSha + ")");
            }
            if (!f.getString(SETTINGS).equals(identity)) {
                throw new LightbulbException("--resume " + dir + ": the checkpoint's settings differ: it has [" + f.getString(SETTINGS)
                        + "], this run [" + identity + "]");
            }
            Backend backend = model.backend();
            List<Parameter> params = List.copyOf(model.parameters());
            for (int i = 0; i < params.size(); i++) {
                Parameter p = params.get(i);
                load(backend, f, p.name(), p.value(), p.size());
                load(backend, f, "adam.m." + p.name(), optimiser.firstMoment(i), p.size());
                load(backend, f, "adam.v." + p.name(), optimiser.secondMoment(i), p.size());
            }
            int step = f.getInt(STEP);
            optimiser.restoreSteps(step);
            return new Position(step, Long.parseLong(f.getString(DRAWN)));
        }
    }

    /** A backend buffer's first {@code size} floats, copied to the host. */
    static float[] read(Backend backend, BackendBuffer b, long size) {
        float[] v = new float[Math.toIntExact(size)];
        backend.readFloats(b, 0, v, 0, v.length);
        return v;
    }

    private static void load(Backend backend, GgufFile f, String name, BackendBuffer into, long size) {
        if (!f.hasTensor(name)) throw new LightbulbException(f.path() + ": the checkpoint has no tensor '" + name + "'");
        var info = f.tensorInfo(name);
        if (info.type() != dev.lightbulb.tensor.GgmlType.F32 || info.elementCount() != size) {
            throw new LightbulbException(f.path() + ": tensor '" + name + "' is " + info.type() + " of " + info.elementCount()
                    + " values, expected F32 of " + size);
        }
        float[] v = floats(f, info);
        backend.writeFloats(into, 0, v, 0, v.length);
    }

    /** A tensor of a GGUF file as floats (the callers check its type and size first). */
    static float[] floats(GgufFile f, dev.lightbulb.model.io.GgufTensorInfo info) {
        return new HostTensor(info.name(), info.type(), info.shape(), f.tensorData(info)).toFloatArray();
    }
}
