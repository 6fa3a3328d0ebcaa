package dev.lightbulb.text;

import dev.lightbulb.InputFiles;
import dev.lightbulb.LightbulbException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Builds the right tokenizer for a model or tokenizer file. */
public final class Tokenizers {
    private Tokenizers() {}

    /**
     * The tokenizer in a GGUF file's metadata (vocab-only GGUFs included): {@code tokenizer.ggml.model} llama
     * (SentencePiece BPE) or gpt2 (byte-level BPE, pre-tokenizer from {@code tokenizer.ggml.pre}); anything else
     * is a {@link dev.lightbulb.LightbulbException} naming it.
     */
    public static Tokenizer fromGguf(GgufMetadata gguf) {
        return GgufTokenizers.fromGguf(gguf);
    }

    /** A llama2.c {@code tokenizer.bin} (e.g. tok512.bin): SentencePiece BPE with BOS 1, EOS 2, space prefix. */
    public static Tokenizer fromLlama2c(Path tokenizerBin) {
        return new SentencePieceBpe(Llama2cVocabularies.read(tokenizerBin), true);
    }

    /**
     * A tiktoken rank file: Llama 3's {@code tokenizer.model} (128000 ranks) or Qwen's {@code qwen.tiktoken}
     * (151643 ranks), with that family's special tokens and pre-tokenizer.
     */
    public static Tokenizer fromTiktoken(Path rankFile) {
        return TiktokenVocabularies.open(rankFile);
    }

    /** A SentencePiece {@code tokenizer.model} (protobuf) of the BPE type (Llama 2, Mistral, TinyLlama). */
    public static Tokenizer fromSentencePieceModel(Path tokenizerModel) {
        return SentencePieceModelFile.read(tokenizerModel);
    }

    /** A Hugging Face {@code tokenizer.json} with a BPE model, byte-level or SentencePiece-style (BOS/EOS from a tokenizer_config.json beside it). */
    public static Tokenizer fromHfTokenizerJson(Path tokenizerJson) {
        return HfTokenizerJson.read(tokenizerJson);
    }

    /**
     * A Hugging Face model folder: its SentencePiece {@code tokenizer.model} if it has one (Llama 2, Mistral),
     * else its {@code tokenizer.json}, else a tiktoken {@code tokenizer.model} (Llama 3) or llama2.c
     * {@code tokenizer.bin}.
     */
    private static Tokenizer openDirectory(Path dir) {
        Path spm = dir.resolve("tokenizer.model"), json = dir.resolve("tokenizer.json"), bin = dir.resolve("tokenizer.bin");
        if (Files.isRegularFile(spm) && SentencePieceModelFile.looksLikeOne(head(spm))) return fromSentencePieceModel(spm);
        if (Files.isRegularFile(json)) return fromHfTokenizerJson(json);
        if (Files.isRegularFile(spm)) return open(spm);
        if (Files.isRegularFile(bin)) return fromLlama2c(bin);
        throw new LightbulbException(dir + ": folder has no tokenizer.model, tokenizer.json or tokenizer.bin");
    }

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(256);
        } catch (IOException e) {
            throw InputFiles.cannotRead(file, "tokenizer file", e);
        }
    }

    /** UTF-8 bytes to text as llama.cpp reads them: each byte that cannot start a valid character becomes U+FFFD. */
    public static String decodeUtf8LikeLlamaCpp(byte[] utf8) {
        return Utf8.decodeLikeLlamaCpp(utf8);
    }

    private static final Pattern TIKTOKEN_LINE = Pattern.compile("[A-Za-z0-9+/=]+ [0-9]+");

    /**
     * Any tokenizer file of its own format, recognised by its content: a tokenizer.json (JSON), a tiktoken rank file
     * (first line "base64 rank"), a SentencePiece tokenizer.model (protobuf), else a llama2.c tokenizer.bin. A folder
     * is read as a Hugging Face model folder. A GGUF file is a model file: its reader, in the model layer, hands its
     * metadata to {@link #fromGguf} (model.io's TokenizerFiles opens any tokenizer file, GGUF included).
     */
    public static Tokenizer open(Path file) {
        if (Files.isDirectory(file)) return openDirectory(file);
        InputFiles.requireReadableFile(file, "a tokenizer file");
        byte[] head = head(file);
        String text = new String(head, StandardCharsets.ISO_8859_1);
        if (text.startsWith("GGUF")) {
            throw new LightbulbException(file + ": a GGUF file; its tokenizer is read from its metadata (Tokenizers.fromGguf)");
        }
        if (text.stripLeading().startsWith("{")) return fromHfTokenizerJson(file);
        int eol = text.indexOf('\n');
        if (eol > 0 && TIKTOKEN_LINE.matcher(text.substring(0, eol).strip()).matches()) return fromTiktoken(file);
        if (SentencePieceModelFile.looksLikeOne(head)) return fromSentencePieceModel(file);
        try {
            return fromLlama2c(file);
        } catch (LightbulbException e) {
            throw new LightbulbException(file + ": not a tokenizer file we know (tokenizer.json, tiktoken, "
                    + "SentencePiece tokenizer.model, llama2.c tokenizer.bin); read as tokenizer.bin: " + e.getMessage(), e);
        }
    }
}
