package dev.lightbulb.text;

import dev.lightbulb.InputFiles;
import dev.lightbulb.LightbulbException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A llama2.c {@code tokenizer.bin}: int32 max_token_length, then per token a float32 score, an int32 byte
 * length and that many UTF-8 bytes, until the end of the file (all little-endian). Pieces are as exported (spaces,
 * not "▁"; BOS/EOS as "\n<s>\n" / "\n</s>\n").
 */
public record Llama2cTokenizerFile(int maxTokenLength, List<String> pieces, float[] scores) {

    public Llama2cTokenizerFile {
        pieces = List.copyOf(pieces);
        scores = scores.clone();
    }

    @Override
    public float[] scores() { return scores.clone(); }

    public int size() { return pieces.size(); }

    public static Llama2cTokenizerFile read(Path path) {
        InputFiles.requireReadableFile(path, "a llama2.c tokenizer.bin");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw InputFiles.cannotRead(path, "llama2.c tokenizer", e);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int maxLength = need(in, 4, path, "max_token_length").getInt();
        if (maxLength <= 0) throw error(path, "max_token_length is " + maxLength + ", expected a positive number");
        List<String> pieces = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        while (in.hasRemaining()) {
            int id = pieces.size();
            float score = need(in, 4, path, "score of token " + id).getFloat();
            int length = need(in, 4, path, "length of token " + id).getInt();
            if (length < 0 || length > maxLength) {
                throw error(path, "token " + id + " has length " + length + ", outside 0.." + maxLength + " (max_token_length)");
            }
            ByteBuffer piece = need(in, length, path, "bytes of token " + id).slice(in.position(), length);
            in.position(in.position() + length);
            try {
                pieces.add(decoder.decode(piece).toString());
            } catch (CharacterCodingException e) {
                throw error(path, "token " + id + " is not valid UTF-8");
            }
            scores.add(score);
        }
        float[] s = new float[scores.size()];
        for (int i = 0; i < s.length; i++) s[i] = scores.get(i);
        return new Llama2cTokenizerFile(maxLength, pieces, s);
    }

    /** {@code in}, after checking that {@code bytes} more are there. */
    private static ByteBuffer need(ByteBuffer in, int bytes, Path path, String field) {
        if (in.remaining() < bytes) {
            throw error(path, "file is truncated: " + field + " needs " + bytes + " bytes at offset " + in.position()
                    + " but the file has " + in.limit() + " bytes");
        }
        return in;
    }

    private static LightbulbException error(Path path, String message) {
        return new LightbulbException(path + ": " + message);
    }
}
