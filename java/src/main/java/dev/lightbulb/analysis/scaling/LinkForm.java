package dev.lightbulb.analysis.scaling;

import dev.lightbulb.LightbulbException;

import java.util.Locale;

/**
 * The two link functions of the reference's {@code fit_multivariate_regression_model}:
 * {@code sigmoid} ({@code y = σ(α + βᵀs)}) and {@code sigmoid-parametric} with
 * {@code sigmoid_param_fix_height=True} ({@code y = (1 − b)·σ(α + βᵀs) + b}, the floor b bounded to
 * [0, 0.2], so the height is 1 − b).
 */
public enum LinkForm {
    SIGMOID("sigmoid"),
    SIGMOID_PARAMETRIC("sigmoid-parametric");

    private final String referenceName;

    LinkForm(String referenceName) { this.referenceName = referenceName; }

    /** The reference's name for the form ({@code nonlinearity=...}). */
    public String referenceName() { return referenceName; }

    public static LinkForm parse(String name) {
        for (LinkForm f : values()) if (f.referenceName.equals(name.strip().toLowerCase(Locale.ROOT))) return f;
        throw new LightbulbException("--link must be 'sigmoid' or 'sigmoid-parametric', got '" + name + "'");
    }
}
