package dev.lightbulb.analysis.scaling;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class SigmoidLinkFitterTest {
    static double sse(SigmoidLink link, double[][] x, double[] y) {
        double s = 0;
        for (int i = 0; i < y.length; i++) s += Math.pow(link.predict(x[i]) - y[i], 2);
        return s;
    }

    @Test
    void recoversTheCurveFromExactData() {
        Random rnd = new Random(3);
        SigmoidLink truth = new SigmoidLink(-1.0, new double[]{2.5, -1.0, 0.5}, 0.12);
        double[][] x = new double[60][3];
        double[] y = new double[60];
        for (int i = 0; i < 60; i++) {
            for (int k = 0; k < 3; k++) x[i][k] = rnd.nextGaussian();
            y[i] = truth.predict(x[i]);
        }
        SigmoidLinkFitter.Result r = SigmoidLinkFitter.fit(x, y);
        assertTrue(r.converged());
        assertEquals(truth.alpha(), r.link().alpha(), 1e-5);
        assertArrayEquals(truth.beta(), r.link().beta(), 1e-5);
        assertEquals(truth.b(), r.link().b(), 1e-6);
    }

    @Test
    void floorStaysWithinItsBound() {
        // data whose floor is far above 0.2: the fit must stop at the bound, not follow the data
        double[][] x = new double[30][1];
        double[] y = new double[30];
        for (int i = 0; i < 30; i++) {
            x[i][0] = i / 5.0 - 3;
            y[i] = 0.5 + 0.5 / (1 + Math.exp(-2 * x[i][0]));
        }
        SigmoidLink link = SigmoidLinkFitter.fit(x, y).link();
        assertEquals(SigmoidLinkFitter.B_MAX, link.b(), 1e-12);
    }

    /**
     * Against a slow, obvious reference: Nelder-Mead on all parameters from many starts, with b clipped into
     * its bound. The fitter's sum of squares must be as low (it may be lower: Nelder-Mead stalls).
     */
    @Test
    void noWorseThanMultiStartNelderMeadOnNoisyData() {
        Random rnd = new Random(17);
        for (int trial = 0; trial < 8; trial++) {
            int n = 25 + rnd.nextInt(30), k = 1 + rnd.nextInt(3);
            double[] y = new double[n];
            double[][] x = noisyCurve(rnd, n, k, y, 0);
            SigmoidLinkFitter.Result fast = SigmoidLinkFitter.fit(x, y);
            double best = 2 * referenceMinimum(x, y, Loss.LEAST_SQUARES, LinkForm.SIGMOID_PARAMETRIC, rnd); // ½·SSE → SSE
            assertTrue(fast.sse() <= best * (1 + 1e-6) + 1e-12, "fitter " + fast.sse() + " vs reference " + best);
            assertEquals(sse(fast.link(), x, y), fast.sse(), 1e-9 * Math.max(1, fast.sse()));
        }
    }

    /** A slow, obvious reference for any loss: Nelder-Mead on all parameters from many starts, b clipped. */
    static double referenceMinimum(double[][] x, double[] y, Loss loss, LinkForm form, Random rnd) {
        int k = x[0].length;
        MultivariateFunction objective = p -> {
            double[] beta = java.util.Arrays.copyOfRange(p, 1, k + 1);
            double b = form == LinkForm.SIGMOID ? 0 : Math.clamp(p[k + 1], 0, SigmoidLinkFitter.B_MAX);
            return SigmoidLinkFitter.objective(new SigmoidLink(p[0], beta, b), x, y, loss);
        };
        double best = Double.POSITIVE_INFINITY;
        for (int start = 0; start < 6; start++) {
            double[] p0 = new double[k + 2];
            for (int j = 0; j <= k; j++) p0[j] = rnd.nextGaussian();
            p0[k + 1] = 0.1 * rnd.nextDouble();
            PointValuePair opt = new SimplexOptimizer(1e-13, 1e-15).optimize(new MaxEval(40000),
                    new ObjectiveFunction(objective), GoalType.MINIMIZE, new InitialGuess(p0), new NelderMeadSimplex(k + 2));
            best = Math.min(best, opt.getValue());
        }
        return best;
    }

    static double[][] noisyCurve(Random rnd, int n, int k, double[] y, double outlierShare) {
        double[][] x = new double[n][k];
        for (int i = 0; i < n; i++) {
            double z = -0.5;
            for (int j = 0; j < k; j++) { x[i][j] = rnd.nextGaussian(); z += (1.5 - j) * x[i][j]; }
            y[i] = 0.05 + 0.95 / (1 + Math.exp(-z)) + 0.05 * rnd.nextGaussian();
            if (rnd.nextDouble() < outlierShare) y[i] = rnd.nextDouble();
        }
        return x;
    }

    /** The Huber fit (reweighted Levenberg-Marquardt) reaches the reference's minimum of the Huber loss. */
    @Test
    void huberFitNoWorseThanMultiStartNelderMead() {
        Random rnd = new Random(23);
        for (int trial = 0; trial < 6; trial++) {
            int n = 20 + rnd.nextInt(25), k = 1 + rnd.nextInt(3);
            double[] y = new double[n];
            double[][] x = noisyCurve(rnd, n, k, y, 0.15);
            Loss loss = Loss.huber(0.05 + 0.1 * rnd.nextDouble());
            LinkForm form = trial % 2 == 0 ? LinkForm.SIGMOID_PARAMETRIC : LinkForm.SIGMOID;
            SigmoidLinkFitter.Result fast = SigmoidLinkFitter.fit(x, y, form, loss);
            double best = referenceMinimum(x, y, loss, form, rnd);
            assertTrue(fast.objective() <= best * (1 + 1e-6) + 1e-12, form + ": fitter " + fast.objective() + " vs reference " + best);
            assertEquals(SigmoidLinkFitter.objective(fast.link(), x, y, loss), fast.objective(), 1e-12);
            if (form == LinkForm.SIGMOID) assertEquals(0.0, fast.link().b());
        }
    }

    @Test
    void huberIsLessPulledByOutliersThanLeastSquares() {
        Random rnd = new Random(5);
        SigmoidLink truth = new SigmoidLink(-0.5, new double[]{2.0}, 0.0);
        double[][] x = new double[40][1];
        double[] y = new double[40];
        for (int i = 0; i < 40; i++) {
            x[i][0] = -3 + 6.0 * i / 39;
            y[i] = truth.predict(x[i]) + 0.01 * rnd.nextGaussian();
        }
        for (int i = 0; i < 40; i += 8) y[i] = 1 - y[i]; // five gross outliers
        SigmoidLink ls = SigmoidLinkFitter.fit(x, y, LinkForm.SIGMOID, Loss.LEAST_SQUARES).link();
        SigmoidLink huber = SigmoidLinkFitter.fit(x, y, LinkForm.SIGMOID, Loss.huber(0.1)).link();
        double errLs = 0, errHuber = 0;
        for (double[] xi : x) {
            errLs += Math.abs(ls.predict(xi) - truth.predict(xi));
            errHuber += Math.abs(huber.predict(xi) - truth.predict(xi));
        }
        assertTrue(errHuber < errLs / 2, "Huber " + errHuber + " vs least squares " + errLs);
    }

    @Test
    void lossValuesAndWeights() {
        Loss h = Loss.huber(0.1);
        assertEquals(0.5 * 0.05 * 0.05, h.value(-0.05), 1e-15);
        assertEquals(0.1 * (0.3 - 0.05), h.value(0.3), 1e-15);
        assertEquals(1.0, h.weight(0.1));
        assertEquals(0.25, h.weight(-0.4), 1e-15);
        assertEquals(0.5 * 9, Loss.LEAST_SQUARES.value(3), 1e-15);
        assertThrows(dev.lightbulb.LightbulbException.class, () -> Loss.huber(0));
    }
}
