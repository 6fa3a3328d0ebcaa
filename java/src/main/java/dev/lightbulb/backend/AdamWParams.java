package dev.lightbulb.backend;

/**
 * Hyperparameters of one AdamW step ({@link TrainingOps#adamw}); the learning rate is the scheduled one of this step.
 *
 * @param lr          learning rate
 * @param beta1       first-moment decay (PyTorch's default 0.9)
 * @param beta2       second-moment decay (0.999)
 * @param eps         added to the bias-corrected root of the second moment (1e-8)
 * @param weightDecay decoupled weight decay (0.01)
 */
public record AdamWParams(float lr, float beta1, float beta2, float eps, float weightDecay) {
    public AdamWParams {
        if (!(lr >= 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("AdamW: need lr >= 0, 0 <= betas < 1, eps > 0, weight decay >= 0; got lr " + lr + ", betas "
                    + beta1 + ", " + beta2 + ", eps " + eps + ", weight decay " + weightDecay);
        }
    }

    /** PyTorch's defaults with this learning rate: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public static AdamWParams defaults(float lr) {
        return new AdamWParams(lr, 0.9f, 0.999f, 1e-8f, 0.01f);
    }

    /**
     * The scalar factors of step {@code step} (counting from 1), each computed in double and rounded once to float,
     * as every backend applies them: decay {@code 1 − lr · wd}, {@code 1 − β1}, {@code 1 − β2}, the step size
     * {@code lr / (1 − β1^step)} and the root of the second bias correction {@code sqrt(1 − β2^step)}.
     */
    public StepFactors factors(int step) {
        if (step < 1) throw new IllegalArgumentException("AdamW step counts from 1, got " + step);
        return new StepFactors((float) (1 - (double) lr * weightDecay), (float) (1 - (double) beta1), (float) (1 - (double) beta2),
                (float) (lr / (1 - Math.pow(beta1, step))), (float) Math.sqrt(1 - Math.pow(beta2, step)));
    }

    /** See {@link #factors}. */
    public record StepFactors(float decay, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float correction2) {}
}
