package dev.lightbulb.analysis.scaling;

/**
 * Settings of one fit. Defaults are the paper's: K = 3 principal components, training models are those
 * with FLOPs ≤ 84·10²¹ (Llama-2-7B), Llama-2 is the reference family for equivalent FLOPs, the parametric
 * sigmoid fitted by least squares.
 *
 * @param pcs              number of principal components used as capabilities (K)
 * @param holdOut          which models are held out as the test set
 * @param referenceFamily  family whose compute scale defines "equivalent FLOPs"
 * @param form             plain or parametric sigmoid
 * @param loss             least squares or Huber
 * @param bootstrap        resamples of the training models for intervals (0: none; lightbulb's addition)
 * @param seed             seed of the resampling
 */
public record ScalingOptions(int pcs, HoldOut holdOut, String referenceFamily, LinkForm form, Loss loss,
                             int bootstrap, long seed) {
    /** Base models (paper §4): FLOPs cutoff 84, Llama-2 reference. */
    public static final ScalingOptions PAPER = new ScalingOptions(3, 84, "Llama-2");
    /** Instruct models on agent benchmarks (paper §4.2, the reference's AGENT_SETUP_KWARGS): top 10 % held out,
     * Llama-2-Chat reference, parametric sigmoid, least squares. */
    public static final ScalingOptions INSTRUCT = new ScalingOptions(3, new HoldOut.RankByTarget(0.1), "Llama-2-Chat",
            LinkForm.SIGMOID_PARAMETRIC, Loss.LEAST_SQUARES, 0, 0);

    /** A FLOPs cutoff with the paper's link and loss and no bootstrap. */
    public ScalingOptions(int pcs, double cutoffFlops, String referenceFamily) {
        this(pcs, new HoldOut.FlopsCutoff(cutoffFlops), referenceFamily, LinkForm.SIGMOID_PARAMETRIC, Loss.LEAST_SQUARES, 0, 0);
    }

    public ScalingOptions {
        if (bootstrap < 0) throw new dev.lightbulb.LightbulbException("--bootstrap must be 0 or more, got " + bootstrap);
    }

    public ScalingOptions withPcs(int k) { return new ScalingOptions(k, holdOut, referenceFamily, form, loss, bootstrap, seed); }

    public ScalingOptions withLink(LinkForm f, Loss l) { return new ScalingOptions(pcs, holdOut, referenceFamily, f, l, bootstrap, seed); }

    public ScalingOptions withBootstrap(int resamples, long s) {
        return new ScalingOptions(pcs, holdOut, referenceFamily, form, loss, resamples, s);
    }
}
