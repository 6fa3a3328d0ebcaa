package dev.lightbulb.analysis.emergence;

import dev.lightbulb.LightbulbException;

/**
 * How the emergence point E (a pretraining loss) moves with the finetuning data amount D.
 * Both forms come from arXiv 2411.16035 §5 / Fig. 6 (left), which names them "Log Power Law" (the one the
 * paper keeps) and "Power Law" with parameters k, α, C (Table 1). The exact algebra below is our reconstruction
 * of those names (UNVERIFIED: §5's equations were not readable here, see package-info).
 */
public enum EmergenceLawForm {
    /** E(D) = C + k·(ln D)^α; needs D ≥ 1. */
    LOG_POWER("log-power", 0.05, 4.0) {
        @Override
        public double emergencePoint(double k, double alpha, double c, double d) {
            return c + k * Math.pow(Math.log(d), alpha);
        }
    },
    /** E(D) = C + k·D^α. */
    POWER("power", 0.01, 2.0) {
        @Override
        public double emergencePoint(double k, double alpha, double c, double d) {
            return c + k * Math.pow(d, alpha);
        }
    };

    /** The name used on the command line and in fit.json. */
    public final String cliName;
    /** Bounds for α: positive so E changes monotonically with D; the upper bound keeps the search finite. */
    public final double alphaMin, alphaMax;

    EmergenceLawForm(String cliName, double alphaMin, double alphaMax) {
        this.cliName = cliName;
        this.alphaMin = alphaMin;
        this.alphaMax = alphaMax;
    }

    public abstract double emergencePoint(double k, double alpha, double c, double d);

    public static EmergenceLawForm fromCliName(String name) {
        for (EmergenceLawForm f : values()) if (f.cliName.equals(name)) return f;
        throw new LightbulbException("--form: '" + name + "' is not one of log-power, power");
    }
}
