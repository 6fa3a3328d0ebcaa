package dev.lightbulb.analysis.scaling;

import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.exception.ConvergenceException;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.commons.math3.optim.univariate.UnivariatePointValuePair;
import org.apache.commons.math3.util.Pair;

/**
 * Fits {@link SigmoidLink} to data under a {@link LinkForm} and a {@link Loss}.
 *
 * <p>With the floor b held fixed, (α, β) are fitted by Commons Math's Levenberg-Marquardt from the
 * reference start (α = 0, β = 0.03); under the Huber loss that least-squares fit is then reweighted until
 * the loss stops falling (iteratively reweighted least squares, each step a weighted Levenberg-Marquardt fit
 * warm-started from the last, so the loss never rises). The plain sigmoid is that fit at b = 0. The
 * parametric sigmoid's b ∈ [0, 0.2] (the reference's {@code curve_fit(..., bounds)}) is profiled: a grid over
 * the bound, Brent's method within one grid step of the best point, and the chosen b refitted from the
 * reference start too, keeping the lowest loss of all.
 */
public final class SigmoidLinkFitter {
    public static final double B_MAX = 0.2;
    static final double START_BETA = 0.03;
    /** The reference passes maxfev=10000 to scipy. */
    static final int MAX_EVALUATIONS = 10_000;
    private static final int GRID = 20;
    /** Reweighting rounds of the Huber fit; each must lower the loss, so this is only a safety bound. */
    static final int MAX_REWEIGHTS = 200;

    /**
     * A fit, or the reason there is none.
     *
     * @param sse       sum of squared residuals
     * @param objective the minimised loss summed over models (½·sse under least squares)
     */
    public record Result(SigmoidLink link, double sse, double objective, boolean converged, String problem) {
        static Result failed(String problem) { return new Result(null, Double.NaN, Double.NaN, false, problem); }
    }

    private SigmoidLinkFitter() {}

    /** The paper's default: parametric sigmoid, least squares. */
    public static Result fit(double[][] x, double[] y) {
        return fit(x, y, LinkForm.SIGMOID_PARAMETRIC, Loss.LEAST_SQUARES);
    }

    public static Result fit(double[][] x, double[] y, LinkForm form, Loss loss) {
        double[] referenceStart = referenceStart(x[0].length);
        if (form == LinkForm.SIGMOID) {
            Result r = fitAtFloor(x, y, 0, referenceStart, loss);
            return r.converged() ? r : Result.failed("Levenberg-Marquardt did not converge within " + MAX_EVALUATIONS
                    + " evaluations: " + r.problem());
        }
        Result best = null;
        double[] warm = referenceStart;
        for (int g = 0; g <= GRID; g++) {
            double b = B_MAX * g / GRID;
            // a floor that cannot beat the best so far is not fitted: there the fit runs off to large
            // coefficients for thousands of evaluations (the bound only grows with b, so all later ones go too)
            if (best != null && floorBound(y, b, loss) >= best.objective()) break;
            // each grid point starts from its neighbour's solution: far cheaper where the fit runs off to
            // large coefficients (floor above the data), and the final fit below restarts from the reference
            Result r = fitAtFloor(x, y, b, warm, loss);
            if (r.converged()) warm = parameters(r.link());
            if (r.converged() && (best == null || r.objective() < best.objective())) best = r;
        }
        if (best == null) {
            return Result.failed("Levenberg-Marquardt did not converge within " + MAX_EVALUATIONS
                    + " evaluations for any floor b in [0, 0.2]");
        }
        // refine b within one grid step around the best grid point
        double bestB = best.link().b();
        double[] near = parameters(best.link());
        double lo = Math.max(0, bestB - B_MAX / GRID), hi = Math.min(B_MAX, bestB + B_MAX / GRID);
        double bestLoss = best.objective();
        UnivariateFunction lossOfB = b -> {
            double bound = floorBound(y, b, loss);
            if (bound >= bestLoss) return bound;
            Result r = fitAtFloor(x, y, b, near, loss);
            return r.converged() ? r.objective() : Double.MAX_VALUE;
        };
        UnivariatePointValuePair p = new BrentOptimizer(1e-10, 1e-12).optimize(new MaxEval(200),
                new UnivariateObjectiveFunction(lossOfB), GoalType.MINIMIZE, new SearchInterval(lo, hi, bestB));
        for (Result r : new Result[]{fitAtFloor(x, y, p.getPoint(), near, loss), fitAtFloor(x, y, p.getPoint(), referenceStart, loss),
                fitAtFloor(x, y, bestB, referenceStart, loss)}) {
            if (r.converged() && r.objective() < best.objective()) best = r;
        }
        return best;
    }

    /**
     * A lower bound on the loss of any fit with floor b: its predictions lie in [b, 1], so a target below b
     * (or above 1) is missed by at least the gap.
     */
    static double floorBound(double[] y, double b, Loss loss) {
        double bound = 0;
        for (double v : y) {
            if (v < b) bound += loss.value(b - v);
            else if (v > 1) bound += loss.value(v - 1);
        }
        return bound;
    }

    /** The reference's start: α = 0, every β = 0.03. */
    static double[] referenceStart(int k) {
        double[] start = new double[k + 1];
        for (int j = 1; j <= k; j++) start[j] = START_BETA;
        return start;
    }

    private static double[] parameters(SigmoidLink link) {
        double[] p = new double[link.beta().length + 1];
        p[0] = link.alpha();
        System.arraycopy(link.beta(), 0, p, 1, link.beta().length);
        return p;
    }

    /** Least-squares fit of α and β with the floor held at {@code b}, from the reference start. */
    public static Result fitWithFloor(double[][] x, double[] y, double b) {
        return fitAtFloor(x, y, b, referenceStart(x[0].length), Loss.LEAST_SQUARES);
    }

    /** The loss summed over the models. */
    public static double objective(SigmoidLink link, double[][] x, double[] y, Loss loss) {
        double s = 0;
        for (int i = 0; i < y.length; i++) s += loss.value(link.predict(x[i]) - y[i]);
        return s;
    }

    static double sse(SigmoidLink link, double[][] x, double[] y) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double r = link.predict(x[i]) - y[i];
            s += r * r;
        }
        return s;
    }

    static Result fitAtFloor(double[][] x, double[] y, double b, double[] start, Loss loss) {
        Result current = weightedLeastSquares(x, y, b, start, null);
        if (!current.converged() || !loss.robust()) return current;
        double currentLoss = objective(current.link(), x, y, loss);
        double[] w = new double[y.length];
        for (int round = 0; round < MAX_REWEIGHTS; round++) {
            for (int i = 0; i < y.length; i++) w[i] = loss.weight(current.link().predict(x[i]) - y[i]);
            Result next = weightedLeastSquares(x, y, b, parameters(current.link()), w);
            if (!next.converged()) break;
            double nextLoss = objective(next.link(), x, y, loss);
            if (!(nextLoss < currentLoss)) break;
            boolean settled = currentLoss - nextLoss <= 1e-12 * Math.max(1e-12, currentLoss);
            current = next;
            currentLoss = nextLoss;
            if (settled) break;
        }
        return new Result(current.link(), sse(current.link(), x, y), currentLoss, true, null);
    }

    /**
     * Levenberg-Marquardt on Σ wᵢ (f(xᵢ) − yᵢ)² (w = null: all ones) with the floor held at {@code b}; the
     * weights enter as √w on both the model rows and the targets.
     */
    private static Result weightedLeastSquares(double[][] x, double[] y, double b, double[] start, double[] w) {
        int n = y.length, k = x[0].length;
        double[] target = new double[n];
        for (int i = 0; i < n; i++) target[i] = w == null ? y[i] : Math.sqrt(w[i]) * y[i];
        LeastSquaresBuilder problem = new LeastSquaresBuilder()
                .start(start)
                .target(target)
                .model(params -> {
                    double[] p = params.toArray();
                    RealVector value = new ArrayRealVector(n);
                    RealMatrix jacobian = new Array2DRowRealMatrix(n, k + 1);
                    for (int i = 0; i < n; i++) {
                        double root = w == null ? 1 : Math.sqrt(w[i]);
                        double z = p[0];
                        for (int j = 0; j < k; j++) z += p[j + 1] * x[i][j];
                        double s = SigmoidLink.sigmoid(z);
                        value.setEntry(i, root * ((1 - b) * s + b));
                        double slope = root * (1 - b) * s * (1 - s);
                        jacobian.setEntry(i, 0, slope);
                        for (int j = 0; j < k; j++) jacobian.setEntry(i, j + 1, slope * x[i][j]);
                    }
                    return new Pair<>(value, jacobian);
                })
                .maxEvaluations(MAX_EVALUATIONS)
                .maxIterations(MAX_EVALUATIONS);
        try {
            LeastSquaresOptimizer.Optimum opt = new LevenbergMarquardtOptimizer().optimize(problem.build());
            double[] p = opt.getPoint().toArray();
            SigmoidLink link = new SigmoidLink(p[0], java.util.Arrays.copyOfRange(p, 1, k + 1), b);
            double sse = sse(link, x, y);
            return new Result(link, sse, 0.5 * sse, true, null);
        } catch (TooManyEvaluationsException | TooManyIterationsException | ConvergenceException e) {
            return Result.failed(e.getMessage());
        }
    }
}
