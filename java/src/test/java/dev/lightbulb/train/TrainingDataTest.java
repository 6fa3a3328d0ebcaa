package dev.lightbulb.train;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.engine.ChatFormat;
import dev.lightbulb.model.io.BundledModels;
import dev.lightbulb.model.io.GgufFile;
import dev.lightbulb.text.Tokenizer;
import dev.lightbulb.text.Tokenizers;
import dev.lightbulb.text.chat.ChatMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingDataTest {
    static Tokenizer tok;

    @TempDir
    Path dir;

    @BeforeAll
    static void tokenizer() {
        try (GgufFile f = GgufFile.open(BundledModels.stories260K())) {
            tok = Tokenizers.fromGguf(f);
        }
    }

    private List<TrainingExample> read(String... lines) throws IOException {
        Path f = dir.resolve("d.jsonl");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return TrainingData.read(f, tok, ChatFormat.PLAIN);
    }

    @Test
    void chatLearnsEachAssistantReplyAfterItsRenderedPromptAndNothingElse() throws IOException {
        List<TrainingExample> ex = read("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}, {\"role\": \"assistant\", \"content\": \"Once\"},"
                + " {\"role\": \"user\", \"content\": \"More\"}, {\"role\": \"assistant\", \"content\": \"upon a time\"}]}");
        assertEquals(2, ex.size(), "one document per assistant reply");
        int[] prompt = tok.encode(ChatFormat.PLAIN.render(List.of(ChatMessage.user("Hi"), new ChatMessage("assistant", "Once"),
                ChatMessage.user("More"))), tok.addBos(), true);
        int[] reply = tok.encode("upon a time", false);
        TrainingExample second = ex.get(1);
        assertArrayEquals(prompt, Arrays.copyOf(second.tokens(), prompt.length));
        assertArrayEquals(reply, Arrays.copyOfRange(second.tokens(), prompt.length, prompt.length + reply.length));
        assertEquals(tok.eos(), second.tokens()[second.tokens().length - 1]);
        for (int i = 0; i < second.tokens().length; i++) assertEquals(i >= prompt.length, second.learn()[i], "token " + i);
        assertEquals(reply.length + 1, second.learnedTokens());
    }

    @Test
    void textLearnsEveryToken() throws IOException {
        TrainingExample e = read("{\"text\": \"Once upon a time\"}").getFirst();
        assertArrayEquals(tok.encode("Once upon a time", tok.addBos()), e.tokens());
        assertEquals(e.tokens().length - 1, e.learnedTokens());
    }

    @Test
    void badInputNamesFileAndLine() {
        LightbulbException e = assertThrows(LightbulbException.class, () -> read("{\"text\": \"ok\"}", "{not json"));
        assertTrue(e.getMessage().contains("d.jsonl:2: not JSON"), e.getMessage());
        e = assertThrows(LightbulbException.class, () -> read("{\"text\": \"ok\"}", "{\"prompt\": \"x\"}"));
        assertTrue(e.getMessage().contains(":2: expected a \"messages\" or a \"text\" field"), e.getMessage());
        e = assertThrows(LightbulbException.class, () -> read("{\"messages\": [{\"role\": \"robot\", \"content\": \"x\"}]}"));
        assertTrue(e.getMessage().contains(":1: message 1 has role"), e.getMessage());
        e = assertThrows(LightbulbException.class, () -> read("{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}"));
        assertTrue(e.getMessage().contains("nothing to learn"), e.getMessage());
        e = assertThrows(LightbulbException.class, () -> read(""));
        assertTrue(e.getMessage().contains("no training examples"), e.getMessage());
    }

    @Test
    void learningRateWarmsUpLinearlyThenDecaysByCosineToItsFloor() {
        LearningRate lr = new LearningRate(1.0, 4, 12, 0.1);
        assertEquals(0.25, lr.at(1), 1e-12);
        assertEquals(1.0, lr.at(4), 1e-12);
        assertEquals(0.55, lr.at(8), 1e-12);
        assertEquals(0.1, lr.at(12), 1e-12);
        assertFalse(lr.at(5) > 1.0);
    }
}
