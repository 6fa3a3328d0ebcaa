package dev.lightbulb.text;

import dev.lightbulb.Excerpt;
import dev.lightbulb.LightbulbException;

import java.util.Arrays;
import java.util.List;

/**
 * A tokenizer from GGUF metadata ({@code tokenizer.ggml.*}), with llama.cpp's defaults where a key is absent
 * (llama_vocab::load): SentencePiece ({@code model = llama}) has BOS 1, EOS 2, UNK 0, adds BOS and a space prefix;
 * byte-level BPE ({@code model = gpt2}) has BOS = EOS = 11 and adds no BOS, except the Llama 3 pre-tokenizers.
 */
final class GgufTokenizers {
    private GgufTokenizers() {}

    static final String MODEL = "tokenizer.ggml.model";

    static Tokenizer fromGguf(GgufMetadata gguf) {
        String model = gguf.getString(MODEL);
        return switch (model) {
            case "llama" -> new SentencePieceBpe(vocabulary(gguf, 1, 2, 0, true),
                    gguf.optBoolean("tokenizer.ggml.add_space_prefix", true));
            case "gpt2" -> {
                String pre = gguf.optString("tokenizer.ggml.pre", "default");
                PreTokenizer preTokenizer;
                try {
                    preTokenizer = PreTokenizer.forGguf(pre);
                } catch (LightbulbException e) {
                    throw new LightbulbException(gguf.path() + ": " + e.getMessage(), e);
                }
                boolean addBosByDefault = preTokenizer.ignoreMerges(); // llama.cpp sets both for the Llama 3 family
                Vocabulary v = vocabulary(gguf, 11, 11, -1, addBosByDefault);
                yield ByteLevelBpe.fromMerges(v, List.of(gguf.getStringArray("tokenizer.ggml.merges")), preTokenizer);
            }
            case "bert", "t5", "rwkv", "plamo2", "no", "none" -> throw new LightbulbException(gguf.path() + ": " + MODEL
                    + " " + Excerpt.quote(model) + " is not supported (supported: llama = SentencePiece BPE, gpt2 = byte-level BPE)");
            default -> throw new LightbulbException(gguf.path() + ": unknown " + MODEL + " " + Excerpt.quote(model)
                    + " (supported: llama = SentencePiece BPE, gpt2 = byte-level BPE)");
        };
    }

    private static Vocabulary vocabulary(GgufMetadata gguf, int bos, int eos, int unk, boolean addBos) {
        String[] texts = gguf.getStringArray("tokenizer.ggml.tokens");
        int n = texts.length;
        for (int i = 0; i < n; i++) if (texts[i].isEmpty()) texts[i] = "[EMPTY_" + i + "]"; // as llama.cpp
        float[] scores = gguf.contains("tokenizer.ggml.scores") ? gguf.getFloatArray("tokenizer.ggml.scores") : new float[n];
        TokenType[] types = new TokenType[n];
        Arrays.fill(types, TokenType.NORMAL);
        if (gguf.contains("tokenizer.ggml.token_type")) {
            int[] codes = gguf.getIntArray("tokenizer.ggml.token_type");
            if (codes.length != n) throw lengthMismatch(gguf, "tokenizer.ggml.token_type", codes.length, n);
            for (int i = 0; i < n; i++) {
                try {
                    types[i] = TokenType.fromGguf(codes[i]);
                } catch (IllegalArgumentException e) {
                    throw new LightbulbException(gguf.path() + ": tokenizer.ggml.token_type[" + i + "] is " + codes[i]
                            + ", not a token type (0-6)");
                }
            }
        }
        if (scores.length != n) throw lengthMismatch(gguf, "tokenizer.ggml.scores", scores.length, n);
        bos = specialId(gguf, "tokenizer.ggml.bos_token_id", bos, n);
        eos = specialId(gguf, "tokenizer.ggml.eos_token_id", eos, n);
        unk = specialId(gguf, "tokenizer.ggml.unknown_token_id", unk, n);
        addBos = gguf.optBoolean("tokenizer.ggml.add_bos_token", addBos);
        Vocabulary v = new Vocabulary(texts, types, scores, bos, eos, unk, addBos);
        String modelName = gguf.optString("general.name", "").toLowerCase(java.util.Locale.ROOT);
        if (modelName.contains("phi-3") || modelName.contains("phi3")) {
            // llama.cpp (llama_vocab::load): Phi-3's special tokens eat the whitespace after them, except these three
            for (int i = 0; i < n; i++) {
                TokenType t = types[i];
                boolean special = t == TokenType.CONTROL || t == TokenType.USER_DEFINED || t == TokenType.UNKNOWN;
                if (special || texts[i].equals("</s>")) v.setStripsSpaceAfter(i, true);
            }
            for (String keep : new String[] {"<unk>", "<s>", "<|endoftext|>"}) {
                if (v.id(keep) >= 0) v.setStripsSpaceAfter(v.id(keep), false);
            }
        }
        for (String key : new String[] {"tokenizer.ggml.eot_token_id", "tokenizer.ggml.eom_token_id"}) {
            int id = specialId(gguf, key, -1, n);
            if (id >= 0) v.markEndOfGeneration(id);
        }
        return v;
    }

    /**
     * The id stored under {@code key}, or the default when the key is absent (-1 when that is outside the vocabulary).
     * A stored id outside the vocabulary is an error: llama.cpp warns and keeps its default, which for a corrupt
     * file means another token (a comma in GPT-2's vocabulary) ends every generation.
     */
    private static int specialId(GgufMetadata gguf, String key, int fallback, int n) {
        if (!gguf.contains(key)) return fallback >= 0 && fallback < n ? fallback : -1;
        long id = gguf.getLong(key);
        if (id < 0 || id >= n) {
            throw new LightbulbException(gguf.path() + ": " + key + " is " + id + ", outside the vocabulary of " + n + " tokens");
        }
        return (int) id;
    }

    private static LightbulbException lengthMismatch(GgufMetadata gguf, String key, int got, int n) {
        return new LightbulbException(gguf.path() + ": " + key + " has " + got + " entries but tokenizer.ggml.tokens has " + n);
    }
}
