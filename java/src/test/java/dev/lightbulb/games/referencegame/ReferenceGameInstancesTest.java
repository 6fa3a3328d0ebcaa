package dev.lightbulb.games.referencegame;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.games.GameInstances;
import dev.lightbulb.games.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generator's parts against clembench's own output: its evaluation instances. */
class ReferenceGameInstancesTest {
    static final GameInstances EVAL = GameInstances.bundled("referencegame");

    /** Every evaluation triple is the target with the two nearest grids of its group, as computed here. */
    @Test
    void distractorsAreClembenchs() {
        JsonNode grids = Json.resource(ReferenceGameInstances.GRIDS);
        for (JsonNode exp : EVAL.experiments()) {
            String name = exp.get("name").asText();
            List<String> group = new ArrayList<>();
            if (name.equals("random_grids")) {   // clembench's 10 random grids are the experiment's targets
                LinkedHashSet<String> targets = new LinkedHashSet<>();
                exp.get("game_instances").forEach(i -> targets.add(i.get("player_1_target_grid").asText()));
                group.addAll(targets);
            } else grids.get(name).forEach(g -> group.add(g.asText().strip()));
            assertEquals(10, group.size(), name);
            JsonNode list = exp.get("game_instances");
            for (int t = 0; t < group.size(); t++) {
                int[] d = Distractors.of(group, t);
                for (int k = 0; k < 3; k++) {
                    JsonNode inst = list.get(3 * t + k);
                    assertEquals(group.get(t), inst.get("player_1_target_grid").asText(), name + " " + t);
                    assertEquals(group.get(d[0]), inst.get("player_1_second_grid").asText(), name + " " + t);
                    assertEquals(group.get(d[1]), inst.get("player_1_third_grid").asText(), name + " " + t);
                }
            }
        }
    }

    /** The prompts taken from one evaluation instance, filled with another's grids, are that instance's prompts. */
    @Test
    void promptsAreTheEvaluationInstancesText() {
        for (JsonNode exp : EVAL.experiments()) {
            Prompts p = Prompts.of(exp.get("game_instances").get(0));
            for (JsonNode inst : exp.get("game_instances")) {
                assertEquals(inst.get("player_1_prompt_header").asText(), p.player1(inst.get("player_1_target_grid").asText(),
                        inst.get("player_1_second_grid").asText(), inst.get("player_1_third_grid").asText()));
                assertEquals(inst.get("player_2_prompt_header").asText(), p.player2(inst.get("player_2_first_grid").asText(),
                        inst.get("player_2_second_grid").asText(), inst.get("player_2_third_grid").asText()));
            }
        }
    }

    /** Edit distance against the plain recursive definition, on random strings over the grid's characters. */
    @Test
    void levenshteinIsTheEditDistance() {
        Random r = new Random(4);
        for (int k = 0; k < 300; k++) {
            String a = random(r), b = random(r);
            assertEquals(slow(a, b), Distractors.levenshtein(a, b), a + " / " + b);
        }
    }

    private static String random(Random r) {
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(7); i > 0; i--) s.append("X▢ \n".charAt(r.nextInt(4)));
        return s.toString();
    }

    private static int slow(String a, String b) {
        if (a.isEmpty()) return b.length();
        if (b.isEmpty()) return a.length();
        int sub = slow(a.substring(1), b.substring(1)) + (a.charAt(0) == b.charAt(0) ? 0 : 1);
        return Math.min(sub, Math.min(slow(a.substring(1), b), slow(a, b.substring(1))) + 1);
    }

    /** The eight symmetries: a quarter turn four times and every mirror twice give the grid back; all differ for an asymmetric grid. */
    @Test
    void symmetriesAreRotationsAndMirrors() {
        Random r = new Random(2);
        for (int k = 0; k < 50; k++) {
            Grid g = Grid.parse(ReferenceGameInstances.randomGrid(r));
            List<Grid> s = g.symmetries();
            Grid turned = g;
            for (int i = 0; i < 4; i++) turned = turned.symmetries().get(1);
            assertEquals(g.text(), turned.text());
            assertEquals(s.get(2).text(), s.get(1).symmetries().get(1).text(), "two quarter turns are a half turn");
            for (int m = 4; m < 8; m++) assertEquals(g.text(), s.get(m).symmetries().get(m).text(), "mirror " + m + " twice");
            for (Grid x : s) assertEquals(g.count(), x.count());
        }
        Grid f = Grid.parse(Json.resource(ReferenceGameInstances.GRIDS).get("letter_grids").get(1).asText());   // F: no symmetry
        assertEquals(8, new LinkedHashSet<>(f.symmetries().stream().map(Grid::text).toList()).size());
    }

    /** New grids are new, well formed and of their kind (rows: two or three full rows). */
    @Test
    void newGridsAreOfTheirGroupsKind() {
        JsonNode grids = Json.resource(ReferenceGameInstances.GRIDS);
        for (String name : List.of("line_grids_rows", "line_grids_columns", "diagonal_grids", "letter_grids", "shape_grids")) {
            List<String> group = new ArrayList<>();
            grids.get(name).forEach(g -> group.add(g.asText().strip()));
            List<String> made = ReferenceGameInstances.newGrids(name, group);
            assertTrue(made.size() >= 10, name + " " + made.size());
            for (String g : made) {
                assertTrue(!group.contains(g) && Grid.parse(g).text().equals(g), name + ": " + g);
            }
            if (name.equals("line_grids_rows")) {
                assertEquals(20, made.size());
                for (String g : made) {
                    long full = g.lines().filter(l -> l.equals("X X X X X")).count();
                    assertTrue((full == 2 || full == 3) && g.lines().allMatch(l -> l.equals("X X X X X") || l.equals("▢ ▢ ▢ ▢ ▢")), g);
                }
            }
        }
        String random = ReferenceGameInstances.randomGrid(new Random(1));
        assertEquals(10, random.chars().filter(c -> c == 'X').count());
        assertEquals(random, Grid.parse(random).text());
    }
}
