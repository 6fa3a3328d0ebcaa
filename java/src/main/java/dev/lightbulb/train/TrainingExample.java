package dev.lightbulb.train;

/**
 * One training document: its tokens, and for each token whether the model learns to predict it (the assistant's
 * reply of a chat; every token of plain text but the first).
 */
public record TrainingExample(int[] tokens, boolean[] learn) {
    public TrainingExample {
        if (tokens.length != learn.length) {
            throw new IllegalArgumentException("tokens and learn differ in length: " + tokens.length + " vs " + learn.length);
        }
    }

    /** Tokens the model is trained to predict. */
    public int learnedTokens() {
        int n = 0;
        for (int i = 1; i < learn.length; i++) if (learn[i]) n++;
        return n;
    }
}
