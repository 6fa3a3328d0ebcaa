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
}
