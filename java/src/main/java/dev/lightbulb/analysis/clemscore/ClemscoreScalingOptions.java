package dev.lightbulb.analysis.clemscore;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.analysis.scaling.HoldOut;
import dev.lightbulb.analysis.scaling.LinkForm;
import dev.lightbulb.analysis.scaling.Loss;

/**
 * Settings of the clemscore fits. Defaults follow the paper's instruct-model setup (§4.2, the reference's
 * AGENT_SETUP_KWARGS): K = 3 PCs, parametric sigmoid by least squares, the top 10 % held out,
 * Llama-2-Chat as the reference family; plus 200 bootstrap resamples (lightbulb's addition).
 */
public record ClemscoreScalingOptions(int pcs, LinkForm form, Loss loss, double testFraction, int bootstrap, long seed,
                                      String referenceFamily) {
    public static final ClemscoreScalingOptions DEFAULT = new ClemscoreScalingOptions(3, LinkForm.SIGMOID_PARAMETRIC,
            Loss.LEAST_SQUARES, 0.1, 200, 1, "Llama-2-Chat");

    public ClemscoreScalingOptions {
        if (pcs < 1) throw new LightbulbException("--pcs must be at least 1, got " + pcs);
        if (pcs > BenchmarkRows.METRICS.size()) {
            throw new LightbulbException("--pcs " + pcs + " exceeds the number of metrics (" + BenchmarkRows.METRICS.size() + ")");
        }
        if (bootstrap < 0) throw new LightbulbException("--bootstrap must be 0 or more, got " + bootstrap);
        new HoldOut.RankByTarget(testFraction); // validates the fraction
    }

    public HoldOut.RankByTarget split() { return new HoldOut.RankByTarget(testFraction); }

    public ClemscoreScalingOptions withBootstrap(int resamples) {
        return new ClemscoreScalingOptions(pcs, form, loss, testFraction, resamples, seed, referenceFamily);
    }
}
