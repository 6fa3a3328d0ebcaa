package dev.lightbulb.train;

import dev.lightbulb.backend.AttentionLayout;
import dev.lightbulb.backend.cpu.TrainingReference;
import dev.lightbulb.model.ModelConfig;
import dev.lightbulb.model.TensorNames;

import java.util.Map;

/**
 * The float64 loss of a Llama-family model on a packed batch, written from the definition with
 * {@link TrainingReference}'s ops: every parameter is a {@code double[]} by name (GGUF names for the weights, a
 * missing {@code output.weight} meaning tied, {@code <weight>.lora_a}/{@code .lora_b} for adapters). The yardstick
 * of the whole-model gradient check: central differences of {@link #loss} against {@link TrainableModel}'s gradients.
 */
final class ScalarTrainingModel {
    private final ModelConfig c;
    private final Map<String, double[]> p;
    private final double loraScale;

    ScalarTrainingModel(ModelConfig config, Map<String, double[]> parameters, double loraScale) {
        this.c = config;
        this.p = parameters;
        this.loraScale = loraScale;
    }

    /** x·Wᵀ (+ bias) (+ scale · (x·Aᵀ)·Bᵀ when the weight carries an adapter); W is n rows of length k. */
    private double[] linear(double[] x, int rows, String weight, String bias, int n, int k) {
        double[] y = TrainingReference.matmul(x, rows, p.get(weight), n, k);
        if (bias != null && p.containsKey(bias)) y = TrainingReference.addBias(y, rows, p.get(bias));
        double[] a = p.get(weight + ".lora_a"), b = p.get(weight + ".lora_b");
        if (a != null) {
            int r = a.length / k;
            double[] down = TrainingReference.matmul(x, rows, a, r, k), up = TrainingReference.matmul(down, rows, b, n, r);
            for (int i = 0; i < y.length; i++) y[i] += loraScale * up[i];
        }
        return y;
    }

    /** Logits of every row, {@code [rows * vocab]}. */
    double[] logits(TrainingBatch batch) {
        int rows = batch.rows(), dim = c.dim(), q = c.queryDim(), kv = c.kvDim(), hidden = c.hiddenDim();
        AttentionLayout layout = new AttentionLayout(c.heads(), c.kvHeads(), c.headDim(), 1, (float) (1 / Math.sqrt(c.headDim())), c.slidingWindow());
        double[] x = TrainingReference.embed(p.get(TensorNames.EMBEDDING), dim, batch.tokens());
        for (int l = 0; l < c.layers(); l++) {
            String b = "blk." + l + ".";
            double[] xn = TrainingReference.rmsNorm(x, rows, p.get(b + "attn_norm.weight"), c.rmsEps());
            double[] qs = TrainingReference.rope(linear(xn, rows, b + "attn_q.weight", b + "attn_q.bias", q, dim), batch.positions(), c.heads(), c.headDim(), c.rope());
            double[] ks = TrainingReference.rope(linear(xn, rows, b + "attn_k.weight", b + "attn_k.bias", kv, dim), batch.positions(), c.kvHeads(), c.headDim(), c.rope());
            double[] vs = linear(xn, rows, b + "attn_v.weight", b + "attn_v.bias", kv, dim);
            double[] att = TrainingReference.attention(qs, ks, vs, batch.docStarts(), layout)[0];
            double[] o = linear(att, rows, b + "attn_output.weight", null, dim, q);
            for (int i = 0; i < x.length; i++) x[i] += o[i];
            double[] xn2 = TrainingReference.rmsNorm(x, rows, p.get(b + "ffn_norm.weight"), c.rmsEps());
            double[] h = TrainingReference.swiglu(linear(xn2, rows, b + "ffn_gate.weight", null, hidden, dim),
                    linear(xn2, rows, b + "ffn_up.weight", null, hidden, dim));
            double[] d = linear(h, rows, b + "ffn_down.weight", null, dim, hidden);
            for (int i = 0; i < x.length; i++) x[i] += d[i];
        }
        double[] xn = TrainingReference.rmsNorm(x, rows, p.get(TensorNames.OUTPUT_NORM), c.rmsEps());
        String output = p.containsKey(TensorNames.OUTPUT) ? TensorNames.OUTPUT : TensorNames.EMBEDDING;
        double[] logits = TrainingReference.matmul(xn, rows, p.get(output), c.vocabSize(), dim);
        double[] a = p.get(TensorNames.OUTPUT + ".lora_a"), b = p.get(TensorNames.OUTPUT + ".lora_b");
        if (a != null) {   // an adapter on the output projection, tied or not
            int r = a.length / dim;
            double[] up = TrainingReference.matmul(TrainingReference.matmul(xn, rows, a, r, dim), rows, b, c.vocabSize(), r);
            for (int i = 0; i < logits.length; i++) logits[i] += loraScale * up[i];
        }
        return logits;
    }

    /** {@code scale · Σ} of the rows' cross-entropies. */
    double loss(TrainingBatch batch, double scale) {
        double sum = 0;
        for (double l : TrainingReference.crossEntropy(logits(batch), batch.targets(), c.vocabSize())) sum += l;
        return scale * sum;
    }
}
