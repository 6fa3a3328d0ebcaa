package dev.lightbulb.train;

/** One optimiser step as {@code train_log.jsonl} records it: mean loss over its learned tokens, rate, norm, speed. */
public record StepLog(int step, double loss, double learningRate, double gradNorm, int tokens, double tokensPerSecond) {
    String json() {
        return String.format(java.util.Locale.ROOT,
                "{\"step\": %d, \"loss\": %.6f, \"lr\": %.6g, \"grad_norm\": %.6g, \"tokens\": %d, \"tokens_per_s\": %.1f}",
                step, loss, learningRate, gradNorm, tokens, tokensPerSecond);
    }
}
