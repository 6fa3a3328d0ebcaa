package dev.lightbulb.analysis.scaling;

import dev.lightbulb.LightbulbException;

/**
 * The regression loss of the reference's {@code fit_multivariate_regression_model}: least squares
 * ({@code reg_method="ols"}) or the Huber loss summed over models ({@code reg_method="robust"}),
 * {@code ½r²} for {@code |r| ≤ δ} and {@code δ(|r| − ½δ)} beyond. The reference's default δ is 0.1; its
 * post-training fits pass δ = 1.0, which on targets and predictions inside [0, 1] never leaves the
 * quadratic part and so is least squares.
 *
 * @param huberDelta δ, or +∞ for least squares
 */
public record Loss(double huberDelta) {
    public static final Loss LEAST_SQUARES = new Loss(Double.POSITIVE_INFINITY);
    /** The reference's default δ for {@code reg_method="robust"}. */
    public static final double DEFAULT_HUBER_DELTA = 0.1;

    public Loss {
        if (!(huberDelta > 0)) throw new LightbulbException("--huber-delta must be a positive number, got " + huberDelta);
    }

    public static Loss huber(double delta) { return new Loss(delta); }

    public boolean robust() { return Double.isFinite(huberDelta); }

    /** The loss of one residual. */
    public double value(double r) {
        double a = Math.abs(r);
        return a <= huberDelta ? 0.5 * r * r : huberDelta * (a - 0.5 * huberDelta);
    }

    /**
     * The weight w(r) = ψ(r)/r of iteratively reweighted least squares: ½w·r² touches the loss at r and lies
     * above it elsewhere (the loss is concave in r²), so minimising the weighted squares never raises the loss.
     */
    public double weight(double r) {
        double a = Math.abs(r);
        return a <= huberDelta ? 1.0 : huberDelta / a;
    }

    public String describe() {
        return robust() ? "Huber, delta " + huberDelta : "least squares";
    }
}
