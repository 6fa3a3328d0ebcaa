package dev.lightbulb.model.io;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.tensor.HostTensor;
import dev.lightbulb.text.Llama2cTokenizerFile;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns a llama2.c checkpoint and its tokenizer into a GGUF llama model with the metadata, token table and
 * tensor order of llama.cpp's convert-llama2c-to-ggml (whose output it reproduces byte for byte), except that
 * {@code llama.context_length} is the checkpoint's seq_len rather than llama.cpp's hard-coded 128.
 */
public final class Llama2cConverter {
    private Llama2cConverter() {}

    // token types (llama.cpp's llama_token_type)
    static final int NORMAL = 1, UNKNOWN = 2, CONTROL = 3, BYTE = 6;
    static final int UNK_ID = 0, BOS_ID = 1, EOS_ID = 2;
    private static final Pattern BYTE_TOKEN = Pattern.compile("^<0x[0-9A-Fa-f].*", Pattern.DOTALL);

    /** A writer holding the converted model; the checkpoint must stay open until it is written. */
    public static GgufWriter toGguf(Llama2cCheckpoint model, Llama2cTokenizerFile tokenizer) {
        int n = model.vocabSize();
        if (tokenizer.size() != n) {
            throw new LightbulbException("tokenizer has " + tokenizer.size() + " tokens but " + model.path()
                    + " has vocab_size " + n + ": they do not belong together");
        }
        List<String> pieces = tokenizer.pieces();
        String[] tokens = new String[n];
        int[] types = new int[n];
        for (int id = 0; id < n; id++) {
            String text = pieces.get(id);
            int type;
            if (id == UNK_ID) { text = "<unk>"; type = UNKNOWN; }
            else if (id == BOS_ID) { text = "<s>"; type = CONTROL; }
            else if (id == EOS_ID) { text = "</s>"; type = CONTROL; }
            else if (text.isEmpty()) type = CONTROL;
            else if (BYTE_TOKEN.matcher(text).matches()) type = BYTE;
            else type = NORMAL;
            tokens[id] = text.replace(" ", "\u2581"); // SentencePiece's visible space
            types[id] = type;
        }
        GgufWriter w = new GgufWriter()
                .put("tokenizer.ggml.tokens", GgufValue.array(GgufValueType.STRING, tokens))
                .put("tokenizer.ggml.scores", GgufValue.array(GgufValueType.FLOAT32, tokenizer.scores()))
                .put("tokenizer.ggml.token_type", GgufValue.array(GgufValueType.INT32, types))
                .putString("tokenizer.ggml.model", "llama")
                .putString("general.architecture", "llama")
                .putString("general.name", "llama")
                .putUInt32("tokenizer.ggml.unknown_token_id", UNK_ID)
                .putUInt32("tokenizer.ggml.bos_token_id", BOS_ID)
                .putUInt32("tokenizer.ggml.eos_token_id", EOS_ID)
                .putUInt32("tokenizer.ggml.seperator_token_id", -1) // sic: llama.cpp's key; -1 = no such token
                .putUInt32("tokenizer.ggml.padding_token_id", -1)
                .putUInt32("llama.context_length", model.seqLen())
                .putUInt32("llama.embedding_length", model.dim())
                .putUInt32("llama.feed_forward_length", model.hiddenDim())
                .putUInt32("llama.attention.head_count", model.heads())
                .putUInt32("llama.attention.head_count_kv", model.kvHeads())
                .putUInt32("llama.block_count", model.layers())
                .putUInt32("llama.rope.dimension_count", model.headSize())
                .putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        for (HostTensor t : model.tensors().values()) w.addTensor(t);
        return w;
    }
}
