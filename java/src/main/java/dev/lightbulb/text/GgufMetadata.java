package dev.lightbulb.text;

import java.nio.file.Path;

/**
 * The key/value metadata of a GGUF file as tokenizers and chat templates read it ({@code tokenizer.ggml.*},
 * {@code tokenizer.chat_template}, {@code general.name}). {@code text} owns this interface so that it needs nothing
 * from the layers above it; the GGUF reader ({@code model.io.GgufFile}) implements it.
 *
 * <p>Every getter of a missing key or a value of the wrong type throws a {@link dev.lightbulb.LightbulbException}
 * naming the file and the key.
 */
public interface GgufMetadata {
    /** The file, for error messages. */
    Path path();

    boolean contains(String key);

    String getString(String key);

    String optString(String key, String fallback);

    /** Any integer type. */
    long getLong(String key);

    long optLong(String key, long fallback);

    boolean optBoolean(String key, boolean fallback);

    String[] getStringArray(String key);

    /** FLOAT32 or FLOAT64 elements. */
    float[] getFloatArray(String key);

    /** Any integer element type whose values fit in an int. */
    int[] getIntArray(String key);
}
