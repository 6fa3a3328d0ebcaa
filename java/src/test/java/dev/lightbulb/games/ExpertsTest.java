package dev.lightbulb.games;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.text.chat.ChatMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.StringEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The programmatic experts over every bundled instance of the seven games, and that they answer from their messages alone. */
class ExpertsTest {
    @TempDir
    static Path out;
    static BenchmarkRunner.Summary summary;

    @BeforeAll
    static void playEverything() throws Exception {
        summary = new BenchmarkRunner(out, Experts.runInfo(), Experts.PLAYERS).run(Games.ALL);
    }

    @Test
    void everyGameIsPlayedAndWonOverAllBundledInstances() {
        assertEquals(0, summary.failed(), "no expert failed");
        assertEquals(420, summary.played(), "taboo 60, wordle 3 x 30, imagegame 40, referencegame 180, privateshared 50");
        List<Evaluator.RawScore> raw = Evaluator.raw(out);
        Evaluator.ModelResult result = Evaluator.results(raw).getFirst();
        assertEquals(Games.ALL.size(), result.games().size());
        result.games().forEach((game, g) -> assertTrue(g.played() >= 90, game + ": " + g));
        // stronger than the goal: each expert pair wins every episode (wordle within six guesses, taboo within three clues)
        List<String> lost = raw.stream().filter(r -> r.metric().equals(Metrics.SUCCESS) && r.value() != 1)
                .map(r -> r.game() + " " + r.experiment() + " episode_" + r.episode()).toList();
        assertEquals(List.of(), lost);
    }

    /** Every recorded answer is what a fresh expert of that role answers to the recorded messages: nothing else goes in. */
    @Test
    void answersDependOnTheirMessagesAlone() throws Exception {
        Map<String, Supplier<ChatModel>> byRole = new HashMap<>();
        for (Game g : Games.ALL)
            for (int seat = 0; seat < g.modelCount(); seat++) {
                int s = seat;
                byRole.put(g.name() + "/" + ((ExpertPlayer) g.expert(seat)).role(), () -> g.expert(s));
            }
        int checked = 0;
        try (Stream<Path> files = Files.walk(out)) {
            for (Path file : files.filter(p -> p.getFileName().toString().equals("requests.json")).toList()) {
                String game = out.relativize(file).getName(1).toString();
                for (JsonNode request : Json.read(file)) {
                    List<ChatMessage> messages = new ArrayList<>();
                    request.get("manipulated_prompt_obj").forEach(m -> messages.add(new ChatMessage(m.get("role").asText(), m.get("content").asText())));
                    JsonNode raw = request.get("raw_response_obj");
                    ChatModel fresh = byRole.get(game + "/" + raw.get("role").asText()).get();
                    assertEquals(raw.get("clem_player").get("response").asText(), fresh.respond(messages).text(), file.toString());
                    checked++;
                }
            }
        }
        assertTrue(checked > 2000, "every request of the run was replayed: " + checked);
    }

    /** A conversation an expert cannot read is a user-facing error naming the expert, never a crash. */
    @Test
    void anUnreadableConversationIsAClearError() {
        for (Game g : Games.ALL)
            for (int seat = 0; seat < g.modelCount(); seat++) {
                ChatModel expert = g.expert(seat);
                LightbulbException e = assertThrows(LightbulbException.class, () -> expert.respond(List.of()), g.name());
                assertTrue(e.getMessage().startsWith("expert " + ((ExpertPlayer) expert).role() + ": "), e.getMessage());
                try {
                    assertFalse(expert.respond(List.of(ChatMessage.user("hello"))).text().isEmpty(), g.name() + " " + seat);
                } catch (LightbulbException unreadable) {
                    assertTrue(unreadable.getMessage().startsWith("expert "), unreadable.getMessage());
                }
            }
        assertThrows(IllegalArgumentException.class, () -> Games.byName("taboo").expert(2));
    }

    /**
     * The experts cannot reach an instance: no class they use, directly or through others, names the instances (as a
     * class or a resource), a game master, a game's records or its runner (the classes' constant pools, as
     * LayeringTest reads them).
     */
    @Test
    void expertsReachNoInstanceState() throws IOException {
        Set<String> forbidden = Set.of(GameInstances.class, GameMaster.class, EpisodeRecord.class, BenchmarkRunner.class,
                Replay.class, ReplayModel.class, Game.class).stream().map(c -> c.getName().replace('.', '/')).collect(java.util.stream.Collectors.toSet());
        Deque<String> todo = new ArrayDeque<>();
        for (Game g : Games.ALL)
            for (int seat = 0; seat < g.modelCount(); seat++) todo.add(g.expert(seat).getClass().getName().replace('.', '/'));
        Set<String> reached = new TreeSet<>();
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!name.startsWith("dev/lightbulb/") || !reached.add(name)) continue;
            for (String used : usedClasses(name)) {
                assertFalse(forbidden.contains(used), name + " uses " + used);
                todo.add(used);
            }
        }
        assertTrue(reached.contains(ExpertPlayer.class.getName().replace('.', '/')), reached.toString());
    }

    private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L(dev/lightbulb/[^;<]+)[;<]");

    private static Set<String> usedClasses(String internalName) throws IOException {
        Set<String> out = new TreeSet<>();
        try (InputStream in = ExpertsTest.class.getResourceAsStream("/" + internalName + ".class")) {
            assertNotNull(in, internalName);
            for (PoolEntry e : ClassFile.of().parse(in.readAllBytes()).constantPool()) {
                if (e instanceof ClassEntry c) out.add(c.asInternalName().replaceFirst("^\\[+L?|;$", ""));
                if (e instanceof StringEntry s) assertFalse(s.stringValue().contains("instances"), internalName + " names " + s.stringValue());
                if (e instanceof Utf8Entry u) {
                    Matcher m = DESCRIPTOR_TYPE.matcher(u.stringValue());
                    while (m.find()) out.add(m.group(1));
                }
            }
        }
        return out;
    }
}
