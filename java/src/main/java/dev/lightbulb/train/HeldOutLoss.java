package dev.lightbulb.train;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.engine.ChatFormat;
import dev.lightbulb.model.CausalLm;
import dev.lightbulb.model.ForwardBatch;
import dev.lightbulb.model.LoadedModel;
import dev.lightbulb.model.PagedKvCache;

import java.nio.file.Path;
import java.util.List;

/**
 * The mean cross-entropy (nats per learned token) of a model on held-out data, through the inference forward, so
 * that any model lightbulb runs (quantised, adapted, any backend) can be measured: the "pretraining loss" axis of an
 * emergence fit. Documents are read like {@code finetune}'s ({@link TrainingData}), each truncated to the model's
 * context, and the learned tokens of all of them are averaged.
 */
public final class HeldOutLoss {
    private static final int BLOCK = 16;

    private HeldOutLoss() {}

    /** The loss and how many tokens it averages. */
    public record Result(double loss, long tokens, int documents) {}

    public static Result measure(LoadedModel loaded, Path data) {
        CausalLm model = loaded.model();
        List<TrainingExample> examples = TrainingData.read(data, loaded.tokenizer(), ChatFormat.orPlain(loaded.chatTemplate()));
        int context = model.config().contextLength(), vocab = model.config().vocabSize();
        double sum = 0;
        long tokens = 0;
        int documents = 0;
        for (TrainingExample e : examples) {
            int n = Math.min(e.tokens().length, context);
            if (n < 2) continue;
            boolean any = false;
            for (int i = 1; i < n; i++) any |= e.learn()[i];
            if (!any) continue;
            float[] logits;
            try (PagedKvCache cache = model.newKvCache(BLOCK, (n + BLOCK - 1) / BLOCK)) {
                ForwardBatch batch = new ForwardBatch();
                for (int i = 0; i < n - 1; i++) batch.add(0, i, e.tokens()[i], e.learn()[i + 1]);
                logits = model.forwardToHost(batch, cache);
            }
            int row = 0;
            for (int i = 0; i < n - 1; i++) {
                if (!e.learn()[i + 1]) continue;
                sum += crossEntropy(logits, row++ * vocab, vocab, e.tokens()[i + 1]);
                tokens++;
            }
            documents++;
        }
        if (tokens == 0) throw new LightbulbException(data + ": no token to measure the loss on");
        return new Result(sum / tokens, tokens, documents);
    }

    /** {@code −log softmax(logits)[target]} in double. */
    static double crossEntropy(float[] logits, int from, int vocab, int target) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < vocab; j++) max = Math.max(max, logits[from + j]);
        double z = 0;
        for (int j = 0; j < vocab; j++) z += Math.exp(logits[from + j] - max);
        return Math.log(z) + max - logits[from + target];
    }
}
