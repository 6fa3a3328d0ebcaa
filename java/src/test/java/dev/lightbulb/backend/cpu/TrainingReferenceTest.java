package dev.lightbulb.backend.cpu;

import dev.lightbulb.backend.AttentionLayout;
import dev.lightbulb.backend.RopeLayout;
import dev.lightbulb.backend.RopeSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every backward of {@link TrainingReference} against central finite differences of its float64 forward, on random
 * small shapes: the scalar loss is {@code Σ R ⊙ forward(inputs)} for a random R, so the backward is given {@code dy = R}.
 */
class TrainingReferenceTest {
    private final Random random = new Random(7);

    private double[] randoms(int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = random.nextGaussian();
        return d;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** Central differences of {@code loss} at {@code x} (x is restored). */
    static double[] numericGradient(Function<double[], Double> loss, double[] x) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double keep = x[i], h = 1e-5 * Math.max(1, Math.abs(keep));
            x[i] = keep + h;
            double up = loss.apply(x);
            x[i] = keep - h;
            double down = loss.apply(x);
            x[i] = keep;
            g[i] = (up - down) / (2 * h);
        }
        return g;
    }

    static void assertGradient(double[] analytic, double[] numeric, String what) {
        assertEquals(numeric.length, analytic.length, what + " length");
        for (int i = 0; i < numeric.length; i++) {
            double tol = 1e-6 * Math.max(1, Math.abs(numeric[i]));
            assertTrue(Math.abs(analytic[i] - numeric[i]) <= tol,
                    what + "[" + i + "]: analytic " + analytic[i] + ", finite differences " + numeric[i]);
        }
    }

    @Test
    void matmulAndBiasGradients() {
        for (int[] s : new int[][] {{1, 1, 1}, {3, 5, 4}, {4, 7, 2}}) {
            int rows = s[0], k = s[1], n = s[2];
            double[] x = randoms(rows * k), w = randoms(n * k), b = randoms(n), dy = randoms(rows * n);
            Function<double[], Double> byX = xx -> dot(dy, TrainingReference.addBias(ScalarReference.matmul(xx, rows, w, n, k), rows, b));
            Function<double[], Double> byW = ww -> dot(dy, ScalarReference.matmul(x, rows, ww, n, k));
            Function<double[], Double> byB = bb -> dot(dy, TrainingReference.addBias(ScalarReference.matmul(x, rows, w, n, k), rows, bb));
            assertGradient(TrainingReference.matmulInputGrad(dy, rows, w, n, k), numericGradient(byX, x), "dx");
            assertGradient(TrainingReference.matmulWeightGrad(dy, x, rows, n, k), numericGradient(byW, w), "dw");
            assertGradient(TrainingReference.biasGrad(dy, rows, n), numericGradient(byB, b), "dbias");
        }
    }

    @Test
    void rmsNormGradients() {
        for (int[] s : new int[][] {{1, 1}, {3, 6}, {2, 13}}) {
            int rows = s[0], dim = s[1];
            double[] x = randoms(rows * dim), w = randoms(dim), dy = randoms(rows * dim);
            double eps = 1e-5;
            double[][] g = TrainingReference.rmsNormBackward(x, rows, w, dy, eps);
            assertGradient(g[0], numericGradient(xx -> dot(dy, ScalarReference.rmsNorm(xx, rows, w, eps)), x), "dx");
            assertGradient(g[1], numericGradient(ww -> dot(dy, ScalarReference.rmsNorm(x, rows, ww, eps)), w), "dweight");
        }
    }

    @Test
    void swigluGradients() {
        double[] gate = randoms(17), up = randoms(17), dy = randoms(17);
        for (int i = 0; i < 3; i++) gate[i] *= 6;   // into the saturating tails of the sigmoid
        double[][] g = TrainingReference.swigluBackward(gate, up, dy);
        assertGradient(g[0], numericGradient(gg -> dot(dy, TrainingReference.swiglu(gg, up)), gate), "dgate");
        assertGradient(g[1], numericGradient(uu -> dot(dy, TrainingReference.swiglu(gate, uu)), up), "dup");
    }

    @ParameterizedTest
    @EnumSource(RopeLayout.class)
    void ropeGradientIsTheInverseRotation(RopeLayout layout) {
        int heads = 3, headDim = 8;
        int[] positions = {0, 5, 17, 1000};
        RopeSpec spec = RopeSpec.standard(layout, 6, 10000);   // partial rotary: the last two elements pass through
        double[] x = randoms(positions.length * heads * headDim), dy = randoms(x.length);
        double[] dx = TrainingReference.ropeBackward(dy, positions, heads, headDim, spec);
        assertGradient(dx, numericGradient(xx -> dot(dy, ScalarReference.rope(xx, positions, heads, headDim, spec)), x), "drope");
    }

    @Test
    void embeddingGradientScattersAndAdds() {
        int dim = 5, vocab = 7;
        int[] tokens = {3, 0, 3, 6, 3};
        double[] table = randoms(vocab * dim), dy = randoms(tokens.length * dim);
        assertGradient(TrainingReference.embedBackward(dy, dim, tokens, vocab),
                numericGradient(t -> dot(dy, TrainingReference.embed(t, dim, tokens)), table), "dtable");
    }

    @Test
    void packedAttentionGradientsWithGqaDocumentsAndAWindow() {
        int[][] packings = {{0, 0, 0, 0, 0}, {0, 0, 0, 3, 3, 5, 5, 5}};
        for (int window : new int[] {0, 2}) {
            for (int[] docStarts : packings) {
                AttentionLayout l = new AttentionLayout(4, 2, 3, 1, 0.7f, window);
                int rows = docStarts.length;
                double[] q = randoms(rows * l.queryDim()), k = randoms(rows * l.kvDim()), v = randoms(rows * l.kvDim());
                double[] dOut = randoms(rows * l.queryDim());
                double[][] g = TrainingReference.attentionBackward(q, k, v, dOut, docStarts, l);
                String what = "window " + window + " docs " + java.util.Arrays.toString(docStarts);
                assertGradient(g[0], numericGradient(qq -> dot(dOut, TrainingReference.attention(qq, k, v, docStarts, l)[0]), q), what + " dq");
                assertGradient(g[1], numericGradient(kk -> dot(dOut, TrainingReference.attention(q, kk, v, docStarts, l)[0]), k), what + " dk");
                assertGradient(g[2], numericGradient(vv -> dot(dOut, TrainingReference.attention(q, k, vv, docStarts, l)[0]), v), what + " dv");
            }
        }
    }

    @Test
    void crossEntropyGradientWithMaskedRows() {
        int vocab = 9;
        int[] targets = {4, -1, 0, 8};
        double[] logits = randoms(targets.length * vocab);
        double scale = 1.0 / 3;   // three unmasked rows
        double[] grad = TrainingReference.crossEntropyGrad(logits, targets, vocab, scale);
        assertGradient(grad, numericGradient(z -> {
            double s = 0;
            for (double l : TrainingReference.crossEntropy(z, targets, vocab)) s += l;
            return scale * s;
        }, logits), "dlogits");
        for (int i = vocab; i < 2 * vocab; i++) assertEquals(0, grad[i], 0, "masked row has no gradient");
    }
}
