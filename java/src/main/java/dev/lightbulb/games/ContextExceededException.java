package dev.lightbulb.games;

/**
 * Thrown by a {@link ChatModel} when prompt tokens + max new tokens exceed the model's context
 * (clembench's ContextExceededError). Wordle turns it into a counted request answered
 * "CONTEXT_EXCEEDED_ERROR" and an aborted episode, as clembench does; in the other games it fails the
 * episode, which the runner records (clembench stores no interactions for such an episode).
 */
public class ContextExceededException extends RuntimeException {
    public ContextExceededException(String message) { super(message); }
}
