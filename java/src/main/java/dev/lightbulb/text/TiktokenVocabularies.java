package dev.lightbulb.text;

import dev.lightbulb.Excerpt;
import dev.lightbulb.InputFiles;
import dev.lightbulb.LightbulbException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * tiktoken rank files ({@code base64(token bytes) SPACE rank} per line; the rank is the id and the merge priority)
 * for the two families that ship them: Llama 3 ({@code tokenizer.model}, 128000 ranks, special tokens 128000–128255)
 * and Qwen/Qwen2 ({@code qwen.tiktoken}, 151643 ranks, special tokens from 151643). The special-token ids and
 * names are those the families publish (Meta's llama3 tokenizer.py, Qwen's tokenization_qwen.py).
 */
final class TiktokenVocabularies {
    private TiktokenVocabularies() {}

    static final int LLAMA3_RANKS = 128000;
    static final int QWEN_RANKS = 151643;

    /** Reads the ranks; every rank 0..n-1 must appear exactly once. */
    static byte[][] readRanks(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw InputFiles.cannotRead(file, "tiktoken file", e);
        }
        List<byte[]> tokens = new ArrayList<>(lines.size());
        Base64.Decoder b64 = Base64.getDecoder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) continue;
            int space = line.indexOf(' ');
            int rank;
            byte[] bytes;
            try {
                if (space < 0) throw new IllegalArgumentException("no space between token and rank");
                bytes = b64.decode(line.substring(0, space));
                rank = Integer.parseInt(line.substring(space + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new LightbulbException(file + ": line " + (i + 1) + " is not 'base64 rank': " + Excerpt.message(e.getMessage()));
            }
            if (rank != tokens.size()) {
                throw new LightbulbException(file + ": line " + (i + 1) + " has rank " + rank + ", expected " + tokens.size());
            }
            tokens.add(bytes);
        }
        return tokens.toArray(new byte[0][]);
    }

    /** Llama 3: the ranks plus 256 special tokens; BOS {@code <|begin_of_text|>}, EOS {@code <|end_of_text|>}, BOS added. */
    static Tokenizer llama3(Path file, byte[][] ranks) {
        List<String> specials = new ArrayList<>(List.of("<|begin_of_text|>", "<|end_of_text|>",
                "<|reserved_special_token_0|>", "<|reserved_special_token_1|>", "<|reserved_special_token_2|>",
                "<|reserved_special_token_3|>", "<|start_header_id|>", "<|end_header_id|>",
                "<|reserved_special_token_4|>", "<|eot_id|>"));
        for (int i = 5; specials.size() < 256; i++) specials.add("<|reserved_special_token_" + i + "|>");
        Vocabulary v = vocabulary(ranks, specials, LLAMA3_RANKS, LLAMA3_RANKS + 1, true);
        return ByteLevelBpe.fromRanks(v, ranks, PreTokenizer.llama3());
    }

    /** Qwen2: the ranks plus {@code <|endoftext|>}, {@code <|im_start|>}, {@code <|im_end|>}; no BOS. */
    static Tokenizer qwen2(Path file, byte[][] ranks) {
        Vocabulary v = vocabulary(ranks, List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>"), -1, QWEN_RANKS, false);
        return ByteLevelBpe.fromRanks(v, ranks, PreTokenizer.qwen2());
    }

    /** Picks the family by the number of ranks, which is what tells the two files apart. */
    static Tokenizer open(Path file) {
        byte[][] ranks = readRanks(file);
        return switch (ranks.length) {
            case LLAMA3_RANKS -> llama3(file, ranks);
            case QWEN_RANKS -> qwen2(file, ranks);
            default -> throw new LightbulbException(file + ": tiktoken file with " + ranks.length
                    + " ranks: not a vocabulary we know the special tokens of (Llama 3: " + LLAMA3_RANKS
                    + ", Qwen2: " + QWEN_RANKS + ")");
        };
    }

    private static Vocabulary vocabulary(byte[][] ranks, List<String> specials, int bos, int eos, boolean addBos) {
        int n = ranks.length + specials.size();
        String[] texts = new String[n];
        TokenType[] types = new TokenType[n];
        for (int i = 0; i < ranks.length; i++) {
            texts[i] = ByteLevel.encode(ranks[i]);
            types[i] = TokenType.NORMAL;
        }
        for (int i = 0; i < specials.size(); i++) {
            texts[ranks.length + i] = specials.get(i);
            types[ranks.length + i] = TokenType.CONTROL;
        }
        return new Vocabulary(texts, types, null, bos, eos, -1, addBos);
    }
}
