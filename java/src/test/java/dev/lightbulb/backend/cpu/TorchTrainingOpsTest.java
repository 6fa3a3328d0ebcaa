package dev.lightbulb.backend.cpu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightbulb.backend.AdamWParams;
import dev.lightbulb.backend.AttentionLayout;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.backend.RopeLayout;
import dev.lightbulb.backend.RopeSpec;
import dev.lightbulb.backend.TrainingOps;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The CPU training ops against PyTorch autograd (float64) and {@code torch.optim.AdamW} on the inputs in
 * {@code torch-training-ops.json}, written by {@code java/src/test/python/make_training_fixtures.py}: an independent
 * check of the formulas, beside the float64 reference and the finite differences.
 */
class TorchTrainingOpsTest {
    private static JsonNode fixture;
    private final TrainingBuffers t = new TrainingBuffers(0);
    private final TrainingOps ops = t.cpu.trainingOps();

    @BeforeAll
    static void read() throws IOException {
        fixture = readFixture("torch-training-ops.json");
    }

    static JsonNode readFixture(String name) throws IOException {
        try (InputStream in = TorchTrainingOpsTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name + " is missing: run java/src/test/python/make_training_fixtures.py");
            return new ObjectMapper().readTree(in);
        }
    }

    static float[] floats(JsonNode array) {
        float[] f = new float[array.size()];
        for (int i = 0; i < f.length; i++) f[i] = (float) array.get(i).asDouble();
        return f;
    }

    static int[] ints(JsonNode array) {
        int[] v = new int[array.size()];
        for (int i = 0; i < v.length; i++) v[i] = array.get(i).asInt();
        return v;
    }

    /** Every element within {@code relTol · max(1, |expected|)}. */
    static void assertClose(JsonNode expected, float[] actual, double relTol, String what) {
        assertEquals(expected.size(), actual.length, what + " length");
        for (int i = 0; i < actual.length; i++) {
            double e = expected.get(i).asDouble(), tol = relTol * Math.max(1, Math.abs(e));
            assertTrue(Math.abs(e - actual[i]) <= tol, what + "[" + i + "]: PyTorch " + e + ", lightbulb " + actual[i]);
        }
    }

    private BackendBuffer in(JsonNode c, String field) {
        return t.floats(floats(c.get(field)));
    }

    @Test
    void linearGradientsForF32F16AndBf16Weights() {
        for (JsonNode c : fixture.get("linear")) {
            int rows = c.get("rows").asInt(), k = c.get("k").asInt(), n = c.get("n").asInt();
            GgmlType type = GgmlType.valueOf(c.get("type").asText());
            HostTensor wt = HostTensor.quantize("w", type, floats(c.get("w")), k, n);   // the values are exact in this type
            assertArrayEquals(floats(c.get("w")), wt.toFloatArray(), 0f, "fixture weights are representable in " + type);
            BackendBuffer w = t.cpu.upload(type, wt.shape(), wt.data());
            BackendBuffer x = in(c, "x"), dy = in(c, "dy"), y = t.cpu.allocate(GgmlType.F32, n, rows);
            t.cpu.matmul(x, w, y, rows);
            t.cpu.addBias(y, in(c, "b"), rows);
            assertClose(c.get("y"), t.read(y, rows * n), 1e-5, type + " y");
            BackendBuffer dx = t.cpu.allocate(GgmlType.F32, k, rows), dw = t.cpu.allocate(GgmlType.F32, k, n), db = t.cpu.allocate(GgmlType.F32, n);
            ops.matmulInputGrad(dy, w, dx, rows, false);
            ops.matmulWeightGrad(dy, x, dw, rows);
            ops.biasGrad(dy, db, rows);
            assertClose(c.get("dx"), t.read(dx, rows * k), 1e-5, type + " dx");
            assertClose(c.get("dw"), t.read(dw, n * k), 1e-5, type + " dw");
            assertClose(c.get("db"), t.read(db, n), 1e-5, type + " db");
        }
    }

    @Test
    void rmsNormSwigluAndEmbedding() {
        JsonNode c = fixture.get("rmsNorm");
        int rows = c.get("rows").asInt(), dim = c.get("dim").asInt();
        float eps = (float) c.get("eps").asDouble();
        BackendBuffer y = t.cpu.allocate(GgmlType.F32, dim, rows), dx = t.cpu.allocate(GgmlType.F32, dim, rows), dw = t.cpu.allocate(GgmlType.F32, dim);
        t.cpu.rmsNorm(in(c, "x"), in(c, "w"), y, rows, eps);
        assertClose(c.get("y"), t.read(y, rows * dim), 1e-5, "rmsNorm y");
        ops.rmsNormBackward(in(c, "x"), in(c, "w"), in(c, "dy"), dx, dw, rows, eps, false);
        assertClose(c.get("dx"), t.read(dx, rows * dim), 1e-5, "rmsNorm dx");
        assertClose(c.get("dw"), t.read(dw, dim), 1e-5, "rmsNorm dw");

        c = fixture.get("swiglu");
        int n = c.get("n").asInt();
        BackendBuffer out = t.cpu.allocate(GgmlType.F32, n), dg = t.cpu.allocate(GgmlType.F32, n), du = t.cpu.allocate(GgmlType.F32, n);
        t.cpu.swiglu(in(c, "gate"), in(c, "up"), out, n);
        assertClose(c.get("y"), t.read(out, n), 1e-5, "swiglu y");
        ops.swigluBackward(in(c, "gate"), in(c, "up"), in(c, "dy"), dg, du, n);
        assertClose(c.get("dgate"), t.read(dg, n), 1e-5, "swiglu dgate");
        assertClose(c.get("dup"), t.read(du, n), 1e-5, "swiglu dup");

        c = fixture.get("embedding");
        int vocab = c.get("vocab").asInt(), width = c.get("dim").asInt();
        int[] tokens = ints(c.get("tokens"));
        BackendBuffer dt = t.cpu.allocate(GgmlType.F32, width, vocab);
        ops.embedBackward(in(c, "dy"), t.ints(tokens), tokens.length, dt);
        assertClose(c.get("dtable"), t.read(dt, vocab * width), 1e-6, "embedding dtable");
    }

    @Test
    void ropeForwardAndBackwardInBothLayouts() {
        for (JsonNode c : fixture.get("rope")) {
            RopeLayout layout = RopeLayout.valueOf(c.get("layout").asText());
            int heads = c.get("heads").asInt(), headDim = c.get("headDim").asInt();
            int[] positions = ints(c.get("positions"));
            RopeSpec spec = RopeSpec.standard(layout, c.get("rotaryDim").asInt(), c.get("theta").asDouble());
            BackendBuffer x = in(c, "x"), dy = in(c, "dy");
            t.cpu.rope(x, t.ints(positions), positions.length, heads, headDim, spec);
            assertClose(c.get("y"), t.read(x, c.get("y").size()), 1e-5, layout + " rope y");
            ops.ropeBackward(dy, t.ints(positions), positions.length, heads, headDim, spec);
            assertClose(c.get("dx"), t.read(dy, c.get("dx").size()), 1e-5, layout + " rope dx");
        }
    }

    @Test
    void packedAttentionWithGqaAndAWindow() {
        for (JsonNode c : fixture.get("attention")) {
            int[] docStarts = ints(c.get("docStarts"));
            int rows = docStarts.length;
            AttentionLayout l = new AttentionLayout(c.get("heads").asInt(), c.get("kvHeads").asInt(), c.get("headDim").asInt(), 1,
                    (float) c.get("scale").asDouble(), c.get("window").asInt());
            BackendBuffer q = in(c, "q"), k = in(c, "k"), v = in(c, "v"), starts = t.ints(docStarts);
            BackendBuffer out = t.cpu.allocate(GgmlType.F32, l.queryDim(), rows), lse = t.cpu.allocate(GgmlType.F32, l.heads(), rows);
            ops.attentionForward(q, k, v, starts, rows, l, out, lse);
            String what = "window " + l.slidingWindow();
            assertClose(c.get("out"), t.read(out, rows * l.queryDim()), 1e-5, what + " out");
            assertClose(c.get("lse"), t.read(lse, rows * l.heads()), 1e-5, what + " lse");
            BackendBuffer dq = t.cpu.allocate(GgmlType.F32, l.queryDim(), rows);
            BackendBuffer dk = t.cpu.allocate(GgmlType.F32, l.kvDim(), rows), dv = t.cpu.allocate(GgmlType.F32, l.kvDim(), rows);
            ops.attentionBackward(q, k, v, out, lse, in(c, "dOut"), starts, rows, l, dq, dk, dv);
            assertClose(c.get("dq"), t.read(dq, rows * l.queryDim()), 1e-5, what + " dq");
            assertClose(c.get("dk"), t.read(dk, rows * l.kvDim()), 1e-5, what + " dk");
            assertClose(c.get("dv"), t.read(dv, rows * l.kvDim()), 1e-5, what + " dv");
        }
    }

    @Test
    void crossEntropyIsTorchsMeanOverUnmaskedTokens() {
        JsonNode c = fixture.get("crossEntropy");
        int rows = c.get("rows").asInt(), vocab = c.get("vocab").asInt();
        BackendBuffer z = in(c, "logits"), losses = t.cpu.allocate(GgmlType.F32, rows);
        ops.crossEntropy(z, t.ints(ints(c.get("targets"))), rows, vocab, (float) c.get("gradScale").asDouble(), losses);
        float[] l = t.read(losses, rows);
        assertClose(c.get("losses"), l, 1e-6, "losses");
        double sum = 0;
        for (float v : l) sum += v;
        assertEquals(c.get("mean").asDouble(), sum * c.get("gradScale").asDouble(), 1e-6);
        assertClose(c.get("dlogits"), t.read(z, rows * vocab), 1e-6, "dlogits");
    }

    @Test
    void adamwStepsAndGradientClippingAreTorchs() {
        JsonNode c = fixture.get("adamw");
        int n = c.get("n").asInt();
        AdamWParams a = new AdamWParams((float) c.get("lr").asDouble(), (float) c.get("beta1").asDouble(),
                (float) c.get("beta2").asDouble(), (float) c.get("eps").asDouble(), (float) c.get("weightDecay").asDouble());
        BackendBuffer p = in(c, "param"), m = t.cpu.allocate(GgmlType.F32, n), v = t.cpu.allocate(GgmlType.F32, n);
        for (int step = 1; step <= c.get("grads").size(); step++) {
            ops.adamw(p, t.floats(floats(c.get("grads").get(step - 1))), m, v, n, a, step);
            assertClose(c.get("after").get(step - 1), t.read(p, n), 1e-6, "param after step " + step);
        }

        c = fixture.get("clip");
        BackendBuffer ga = in(c, "a"), gb = in(c, "b");
        long na = c.get("a").size(), nb = c.get("b").size();
        double norm = ops.clipGlobalNorm(List.of(ga, gb), List.of(na, nb), c.get("maxNorm").asDouble());
        assertEquals(c.get("norm").asDouble(), norm, 1e-6);
        assertClose(c.get("clippedA"), t.read(ga, (int) na), 1e-6, "clipped a");
        assertClose(c.get("clippedB"), t.read(gb, (int) nb), 1e-6, "clipped b");
    }
}
