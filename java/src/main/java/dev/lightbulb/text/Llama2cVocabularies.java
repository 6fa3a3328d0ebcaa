package dev.lightbulb.text;

import dev.lightbulb.LightbulbException;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * llama2.c's tokenizer.bin (read by {@link Llama2cTokenizerFile}) turned into a SentencePiece vocabulary the way
 * llama.cpp's convert-llama2c-to-ggml does: id 0 is {@code <unk>}, 1 {@code <s>}, 2 {@code </s>}; empty pieces are
 * control tokens; {@code <0xNN>} pieces are byte tokens; spaces (which llama2.c's export wrote for {@code ▁})
 * become {@code ▁} again.
 */
final class Llama2cVocabularies {
    private Llama2cVocabularies() {}

    private static final Pattern BYTE_PIECE = Pattern.compile("<0x[0-9A-Fa-f]{2}>");

    static Vocabulary read(Path file) {
        Llama2cTokenizerFile tokenizerFile = Llama2cTokenizerFile.read(file);
        int n = tokenizerFile.size();
        if (n < 3) throw new LightbulbException(file + ": a llama2.c tokenizer needs at least <unk>, <s>, </s>; it has " + n + " tokens");
        String[] texts = new String[n];
        TokenType[] types = new TokenType[n];
        for (int id = 0; id < n; id++) {
            String text = tokenizerFile.pieces().get(id);
            TokenType type;
            if (id == 0) { text = "<unk>"; type = TokenType.UNKNOWN; }
            else if (id == 1) { text = "<s>"; type = TokenType.CONTROL; }
            else if (id == 2) { text = "</s>"; type = TokenType.CONTROL; }
            else if (text.isEmpty()) type = TokenType.CONTROL;
            else if (BYTE_PIECE.matcher(text).matches()) type = TokenType.BYTE;
            else type = TokenType.NORMAL;
            texts[id] = text.replace(' ', SentencePieceBpe.SPACE_MARK);
            types[id] = type;
        }
        return new Vocabulary(texts, types, tokenizerFile.scores(), 1, 2, 0, true);
    }
}
