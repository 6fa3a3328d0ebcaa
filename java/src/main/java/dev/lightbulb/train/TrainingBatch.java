package dev.lightbulb.train;

import java.util.Arrays;

/**
 * Documents packed one after another into one batch of rows: row r holds {@code tokens[r]}, is at position
 * {@code r − docStarts[r]} of its document and is trained to predict {@code targets[r]} (negative: no loss on this
 * row). Attention never crosses from one document into another.
 */
public record TrainingBatch(int[] tokens, int[] targets, int[] docStarts) {

    public TrainingBatch {
        if (tokens.length == 0) throw new IllegalArgumentException("a training batch needs at least one row");
        if (targets.length != tokens.length || docStarts.length != tokens.length) {
            throw new IllegalArgumentException("tokens, targets and docStarts differ in length: " + tokens.length + ", "
                    + targets.length + ", " + docStarts.length);
        }
        for (int r = 0; r < tokens.length; r++) {
            if (docStarts[r] != r && (r == 0 || docStarts[r] != docStarts[r - 1])) {
                throw new IllegalArgumentException("docStarts[" + r + "] = " + docStarts[r] + ": a row starts its own document or continues the previous row's");
            }
        }
        tokens = tokens.clone();
        targets = targets.clone();
        docStarts = docStarts.clone();
    }

    /**
     * Packs {@code documents}; token i of a document (i ≥ 1) is a target of the row before it when
     * {@code learn[d][i]} is true (e.g. the assistant's tokens of a chat; null: every token).
     */
    public static TrainingBatch pack(int[][] documents, boolean[][] learn) {
        int rows = Arrays.stream(documents).mapToInt(d -> d.length).sum();
        int[] tokens = new int[rows], targets = new int[rows], starts = new int[rows];
        int r = 0;
        for (int d = 0; d < documents.length; d++) {
            int[] doc = documents[d];
            for (int i = 0; i < doc.length; i++, r++) {
                tokens[r] = doc[i];
                starts[r] = r - i;
                boolean next = i + 1 < doc.length && (learn == null || learn[d][i + 1]);
                targets[r] = next ? doc[i + 1] : -1;
            }
        }
        return new TrainingBatch(tokens, targets, starts);
    }

    public int rows() { return tokens.length; }

    /** Each row's position in its document. */
    public int[] positions() {
        int[] p = new int[tokens.length];
        for (int r = 0; r < p.length; r++) p[r] = r - docStarts[r];
        return p;
    }

    /** Rows that carry a loss. */
    public int lossTokens() {
        return (int) Arrays.stream(targets).filter(t -> t >= 0).count();
    }

    @Override public int[] tokens() { return tokens.clone(); }

    @Override public int[] targets() { return targets.clone(); }

    @Override public int[] docStarts() { return docStarts.clone(); }
}
