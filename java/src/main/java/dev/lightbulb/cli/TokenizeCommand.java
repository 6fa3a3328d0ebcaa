package dev.lightbulb.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.InputFiles;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.model.io.TokenizerFiles;
import dev.lightbulb.text.Tokenizer;
import dev.lightbulb.text.Tokenizers;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code lightbulb tokenize}: the token ids (and pieces) of a text, as the model's tokenizer makes them. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Print the token ids, pieces (as the vocabulary stores them) and texts of a text, one token per line. --model: a GGUF (vocab-only too), tokenizer.json, SentencePiece tokenizer.model, "
                + "tiktoken file or llama2.c tokenizer.bin.")
public final class TokenizeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "tokenizer or model file")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--text", paramLabel = "TEXT", description = "the text") String text;
        @Option(names = "--file", paramLabel = "F", description = "a UTF-8 text file (bad bytes become U+FFFD, as in llama.cpp)") Path file;
    }

    @Option(names = "--no-bos", description = "do not add BOS even if the vocabulary adds it")
    boolean noBos;

    @Option(names = "--special", description = "recognise special tokens written in the text (e.g. <|im_end|>)")
    boolean special;

    @Option(names = "--json", description = "print {\"ids\": [...], \"pieces\": [...], \"texts\": [...]}")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (!Files.exists(model)) throw new LightbulbException(model + ": no such file or folder (--model)");
        String text = input.text;
        if (input.file != null) {
            InputFiles.requireReadableFile("--file", input.file, "a text file");
            text = Tokenizers.decodeUtf8LikeLlamaCpp(Files.readAllBytes(input.file));
        }
        Tokenizer tok = TokenizerFiles.open(model);
        int[] ids = tok.encode(text, !noBos, special);
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper mapper = new ObjectMapper();
        if (json) {
            ObjectNode root = mapper.createObjectNode();
            ArrayNode idArray = root.putArray("ids");
            ArrayNode pieces = root.putArray("pieces");
            ArrayNode texts = root.putArray("texts");
            for (int id : ids) {
                idArray.add(id);
                pieces.add(tok.piece(id));
                texts.add(text(tok, id));
            }
            out.println(mapper.writeValueAsString(root));
        } else {
            for (int id : ids) {
                out.println(id + "\t" + mapper.writeValueAsString(tok.piece(id)) + "\t" + mapper.writeValueAsString(text(tok, id)));
            }
        }
        out.flush();
        return 0;
    }

    /** What the token stands for in text (a byte of a longer character shows as U+FFFD). */
    private static String text(Tokenizer tok, int id) {
        return new String(tok.tokenBytes(id), java.nio.charset.StandardCharsets.UTF_8);
    }
}
