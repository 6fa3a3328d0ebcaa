package dev.lightbulb.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.RopeLayout;
import dev.lightbulb.backend.RopeSpec;
import dev.lightbulb.backend.cpu.CpuBackend;
import dev.lightbulb.model.ModelConfig;
import dev.lightbulb.model.WeightSource;
import dev.lightbulb.tensor.HostTensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A tiny qwen2-shaped model (Q/K/V biases, half-split RoPE, grouped KV heads, tied output) against PyTorch autograd
 * in float64 on three packed documents with masked rows: the logits, the loss, the gradient of every weight (full
 * finetuning) and of every LoRA adapter, and the losses of ten AdamW steps with clipping, full and LoRA. The weights
 * are not stored: both sides draw them from the same SplitMix64 stream ({@code make_training_fixtures.py}).
 */
class TorchTinyModelTest {
    private static JsonNode fixture;
    private final CpuBackend cpu = new CpuBackend();

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = TorchTinyModelTest.class.getResourceAsStream("torch-tiny-model.json")) {
            assertNotNull(in, "torch-tiny-model.json is missing: run java/src/test/python/make_training_fixtures.py");
            fixture = new ObjectMapper().readTree(in);
        }
    }

    /** SplitMix64 values in [-1, 1) with 24 significant bits, as the fixture script draws them. */
    static final class SplitMix64 {
        private long state;

        SplitMix64(long seed) { state = seed; }

        long next() {
            long z = state += 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        double uniform() { return ((next() >>> 40) - (1 << 23)) / (double) (1 << 23); }

        float[] tensor(int n, String kind) {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                double u = uniform();
                f[i] = (float) (kind.equals("norm") ? 1 + u / 8 : kind.equals("bias") ? u / 8 : u / 4);
            }
            return f;
        }
    }

    private static int elements(JsonNode shape) {
        int n = 1;
        for (JsonNode d : shape) n *= d.asInt();
        return n;
    }

    private static long[] shape(JsonNode shape) {
        long[] s = new long[shape.size()];
        for (int i = 0; i < s.length; i++) s[i] = shape.get(i).asLong();
        return s;
    }

    /** The base weights and then the adapters (A, B), drawn in the fixture's order. */
    private record Drawn(Map<String, HostTensor> base, Map<String, float[]> adapters) implements WeightSource {
        @Override public String origin() { return "torch-tiny-model.json"; }

        @Override public boolean has(String name) { return base.containsKey(name); }

        @Override public HostTensor tensor(String name) {
            if (!has(name)) throw new LightbulbException("no tensor " + name);
            return base.get(name);
        }
    }

    private static Drawn draw() {
        SplitMix64 rng = new SplitMix64(fixture.get("config").get("seed").asLong());
        Map<String, HostTensor> base = new LinkedHashMap<>();
        for (JsonNode t : fixture.get("tensors")) {
            String name = t.get("name").asText();
            base.put(name, HostTensor.ofFloats(name, rng.tensor(elements(t.get("shape")), t.get("kind").asText()), shape(t.get("shape"))));
        }
        Map<String, float[]> adapters = new LinkedHashMap<>();
        for (JsonNode t : fixture.get("lora").get("tensors")) adapters.put(t.get("name").asText(), rng.tensor(elements(t.get("shape")), "matrix"));
        return new Drawn(base, adapters);
    }

    private static ModelConfig config() {
        JsonNode c = fixture.get("config");
        return new ModelConfig(c.get("architecture").asText(), c.get("dim").asInt(), c.get("layers").asInt(), c.get("heads").asInt(),
                c.get("kvHeads").asInt(), c.get("headDim").asInt(), c.get("hiddenDim").asInt(), c.get("vocab").asInt(),
                c.get("context").asInt(), (float) c.get("rmsEps").asDouble(),
                RopeSpec.standard(RopeLayout.valueOf(c.get("ropeLayout").asText()), c.get("headDim").asInt(), c.get("ropeTheta").asDouble()),
                c.get("qkvBias").asBoolean(), 0);
    }

    private static int[] ints(String field) {
        JsonNode a = fixture.get(field);
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).asInt();
        return v;
    }

    private static TrainingBatch batch() {
        return new TrainingBatch(ints("tokens"), ints("targets"), ints("docStarts"));
    }

    private float[] read(Parameter p) {
        float[] f = new float[Math.toIntExact(p.size())];
        cpu.readFloats(p.grad(), 0, f, 0, f.length);
        return f;
    }

    /** Each element within {@code relTol} of the largest magnitude of the expected tensor. */
    private static void assertTensorClose(JsonNode expected, float[] actual, double relTol, String what) {
        assertEquals(expected.size(), actual.length, what + " size");
        double largest = 0;
        for (JsonNode e : expected) largest = Math.max(largest, Math.abs(e.asDouble()));
        for (int i = 0; i < actual.length; i++) {
            assertEquals(expected.get(i).asDouble(), actual[i], relTol * largest, what + "[" + i + "]");
        }
    }

    private void setAdapters(TrainableModel m, Map<String, float[]> values) {
        values.forEach((name, v) -> cpu.writeFloats(m.parameter(name).value(), 0, v, 0, v.length));
    }

    private List<Double> adamwLosses(TrainableModel m) {
        JsonNode a = fixture.get("adamw");
        TrainingBatch batch = batch();
        List<Double> losses = new ArrayList<>();
        try (AdamW opt = new AdamW(cpu, List.copyOf(m.parameters()), (float) a.get("beta1").asDouble(), (float) a.get("beta2").asDouble(),
                (float) a.get("eps").asDouble(), (float) a.get("weightDecay").asDouble(), a.get("maxNorm").asDouble())) {
            m.zeroGradients();
            for (int step = 0; step < 10; step++) {
                losses.add(m.forwardBackward(batch, 1f / batch.lossTokens()).mean());
                opt.step((float) a.get("lr").asDouble());
            }
        }
        return losses;
    }

    private static void assertLosses(JsonNode expected, List<Double> actual, String what) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < actual.size(); i++) {
            assertEquals(expected.get(i).asDouble(), actual.get(i), 1e-5 * expected.get(i).asDouble(), what + " loss before step " + (i + 1));
        }
    }

    @Test
    void fullFinetuningLogitsLossAndEveryGradientAreTorchs() {
        Drawn w = draw();
        TrainingBatch batch = batch();
        try (TrainableModel m = TrainableModel.full(config(), w, cpu)) {
            assertTensorClose(fixture.get("logits"), m.logits(batch), 1e-5, "logits");
            m.zeroGradients();
            assertEquals(fixture.get("loss").asDouble(), m.forwardBackward(batch, 1f / batch.lossTokens()).mean(), 1e-6);
            JsonNode grads = fixture.get("grads");
            assertEquals(grads.size(), m.parameters().size(), "one gradient per weight");
            for (Parameter p : m.parameters()) assertTensorClose(grads.get(p.name()), read(p), 1e-4, p.name());
        }
    }

    @Test
    void loraLossAndEveryAdapterGradientAreTorchs() {
        Drawn w = draw();
        JsonNode lora = fixture.get("lora");
        TrainingBatch batch = batch();
        try (TrainableModel m = TrainableModel.lora(config(), w, cpu,
                new LoraConfig(lora.get("rank").asInt(), (float) lora.get("alpha").asDouble(), LoraConfig.allTargets(), 0))) {
            setAdapters(m, w.adapters());   // B random, not zero, so that every adapter has a gradient
            m.zeroGradients();
            assertEquals(fixture.get("loraLoss").asDouble(), m.forwardBackward(batch, 1f / batch.lossTokens()).mean(), 1e-6);
            JsonNode grads = fixture.get("loraGrads");
            assertEquals(grads.size(), m.parameters().size());
            for (Parameter p : m.parameters()) assertTensorClose(grads.get(p.name()), read(p), 1e-4, p.name());
        }
    }

    @Test
    void tenAdamWStepsFollowTorchsLosses() {
        Drawn w = draw();
        try (TrainableModel full = TrainableModel.full(config(), w, cpu)) {
            assertLosses(fixture.get("adamw").get("fullLosses"), adamwLosses(full), "full");
        }
        JsonNode lora = fixture.get("lora");
        try (TrainableModel m = TrainableModel.lora(config(), w, cpu,
                new LoraConfig(lora.get("rank").asInt(), (float) lora.get("alpha").asDouble(), LoraConfig.allTargets(), 0))) {
            Map<String, float[]> fresh = new LinkedHashMap<>();   // A as drawn, B zero: a fresh adapter
            w.adapters().forEach((name, v) -> fresh.put(name, name.endsWith(".lora_a") ? v : new float[v.length]));
            setAdapters(m, fresh);
            assertLosses(fixture.get("adamw").get("loraLosses"), adamwLosses(m), "lora");
        }
    }
}
