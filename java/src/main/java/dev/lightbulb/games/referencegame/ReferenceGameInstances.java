package dev.lightbulb.games.referencegame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.games.InstanceGenerator;
import dev.lightbulb.games.Json;
import dev.lightbulb.games.TargetDraws;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * New referencegame instances as clembench's referencegame generator makes them: each target grid with the two
 * grids of its group nearest to it ({@link Distractors}) as a triple, and each triple three times, the target first,
 * second and third for Player 2. clembench's evaluation instances use every grid of {@value #GRIDS} as a target, so the
 * new targets are new grids of the same kind: rows (columns) with two or three full lines beside clembench's one and
 * four; bands of neighbouring diagonals (lines, stripes, triangles); rotations and mirror images of the shape grids and
 * the shapes of {@value #MORE}; the letters of {@value #MORE}; and new random grids of 10 filled cells, in groups of 10
 * as clembench makes them. The prompts are the evaluation instance's with the grids exchanged.
 */
public final class ReferenceGameInstances implements InstanceGenerator {
    static final String GRIDS = "/dev/lightbulb/games/referencegame/grids_v1.5.json";
    static final String MORE = "/dev/lightbulb/games/referencegame/more_grids.json";
    private static final int RANDOM_GROUP = 10, RANDOM_FILLED = 10;
    private static final List<List<String>> POSITIONS = List.of(
            List.of("first", "1st", "1"), List.of("second", "2nd", "2"), List.of("third", "3rd", "3"));

    @Override public String game() { return "referencegame"; }

    @Override public String target(JsonNode instance) { return instance.path("player_1_target_grid").asText().strip(); }

    @Override
    public Candidates candidates(JsonNode experiment, Set<String> excluded) {
        String name = experiment.get("name").asText();
        ObjectNode template = (ObjectNode) experiment.get("game_instances").get(0);
        if (name.equals("random_grids")) return randomCandidates(template, excluded);
        List<String> group = new ArrayList<>();
        Json.field(Json.resource(GRIDS), name, "resource " + GRIDS).forEach(g -> group.add(g.asText().strip()));
        List<String> targets = new ArrayList<>();
        for (String g : newGrids(name, group)) if (!excluded.contains(g)) targets.add(g);
        // distractors come from the experiment's own grids and the new ones, as clembench's come from the group
        List<String> all = new ArrayList<>(new LinkedHashSet<>(concat(group, targets)));
        List<String[]> triples = new ArrayList<>();
        for (String t : targets) {
            int[] d = Distractors.of(all, all.indexOf(t));
            triples.add(new String[]{t, all.get(d[0]), all.get(d[1])});
        }
        return new Candidates() {
            @Override public long capacity() { return 3L * triples.size(); }

            @Override
            public List<ObjectNode> draw(int count, Random random) {
                List<String[]> order = new ArrayList<>(triples);
                java.util.Collections.shuffle(order, random);
                return instances(template, order, count);
            }
        };
    }

    /** New grids of clembench's kind for a group ({@code group}: its grids in grids_v1.5.json). */
    static List<String> newGrids(String name, List<String> group) {
        Set<String> out = new LinkedHashSet<>();
        switch (name) {
            case "line_grids_rows", "line_grids_columns" -> {
                for (int mask = 1; mask < (1 << Grid.SIZE) - 1; mask++) {
                    List<Integer> lines = new ArrayList<>();
                    for (int l = 0; l < Grid.SIZE; l++) if ((mask >> l & 1) == 1) lines.add(l);
                    out.add(Grid.lines(lines, name.endsWith("columns")).text());
                }
            }
            case "diagonal_grids" -> {
                // bands of neighbouring diagonals, either direction: lines, broad stripes and triangles (clembench's
                // ten are among them), at least 4 cells and never the full grid
                int n = Grid.SIZE - 1;
                for (boolean anti : new boolean[]{false, true})
                    for (int lo = -n; lo <= n; lo++)
                        for (int hi = lo; hi <= n; hi++) {
                            Grid g = Grid.band(lo, hi, anti);
                            int cells = g.count();
                            if (cells >= 4 && cells < Grid.SIZE * Grid.SIZE) out.add(g.text());
                        }
            }
            case "shape_grids" -> {
                for (String g : group) for (Grid s : Grid.parse(g).symmetries()) out.add(s.text());
                Json.field(Json.resource(MORE), name, "resource " + MORE).forEach(g -> out.add(g.asText()));
            }
            case "letter_grids" -> Json.field(Json.resource(MORE), name, "resource " + MORE).forEach(g -> out.add(g.asText()));
            default -> throw new IllegalStateException("referencegame has no experiment '" + name + "' to generate");
        }
        out.removeAll(group);
        return List.copyOf(out);
    }

    /** Random grids, drawn in groups of 10 whose grids are each other's distractors. */
    private static Candidates randomCandidates(ObjectNode template, Set<String> excluded) {
        return new Candidates() {
            // 10 of 25 cells: 3,268,760 grids
            @Override public long capacity() { return TargetDraws.SAMPLED_LIMIT; }

            @Override
            public List<ObjectNode> draw(int count, Random random) {
                int groups = ((count + 2) / 3 + RANDOM_GROUP - 1) / RANDOM_GROUP;
                List<String> grids = TargetDraws.distinct(() -> randomGrid(random), g -> g, excluded, groups * RANDOM_GROUP);
                List<String[]> triples = new ArrayList<>();
                for (int start = 0; start < grids.size(); start += RANDOM_GROUP) {
                    List<String> group = grids.subList(start, start + RANDOM_GROUP);
                    for (int t = 0; t < group.size(); t++) {
                        int[] d = Distractors.of(group, t);
                        triples.add(new String[]{group.get(t), group.get(d[0]), group.get(d[1])});
                    }
                }
                return instances(template, triples, count);
            }
        };
    }

    /** An empty grid with 10 distinct cells filled, as clembench's random grids. */
    static String randomGrid(Random random) {
        List<Integer> cells = new ArrayList<>();
        for (int i = 0; i < Grid.SIZE * Grid.SIZE; i++) cells.add(i);
        java.util.Collections.shuffle(cells, random);
        boolean[][] f = new boolean[Grid.SIZE][Grid.SIZE];
        for (int k = 0; k < RANDOM_FILLED; k++) f[cells.get(k) / Grid.SIZE][cells.get(k) % Grid.SIZE] = true;
        return new Grid(f).text();
    }

    /** The first {@code count} instances of the triples in order, three per triple (target first, second, third). */
    private static List<ObjectNode> instances(ObjectNode template, List<String[]> triples, int count) {
        Prompts prompts = Prompts.of(template);
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] t = triples.get(i / 3);
            int position = i % 3;
            // Player 2 sees the target at this position; the grid it displaces takes the target's place
            String[] shown = switch (position) {
                case 0 -> new String[]{t[0], t[1], t[2]};
                case 1 -> new String[]{t[1], t[0], t[2]};
                default -> new String[]{t[2], t[1], t[0]};
            };
            ObjectNode inst = template.deepCopy();
            inst.put("game_id", i);
            inst.put("player_1_prompt_header", prompts.player1(t[0], t[1], t[2]));
            inst.put("player_1_target_grid", t[0]);
            inst.put("player_1_second_grid", t[1]);
            inst.put("player_1_third_grid", t[2]);
            inst.put("player_2_prompt_header", prompts.player2(shown[0], shown[1], shown[2]));
            inst.put("player_2_first_grid", shown[0]);
            inst.put("player_2_second_grid", shown[1]);
            inst.put("player_2_third_grid", shown[2]);
            var names = inst.putArray("target_grid_name");
            POSITIONS.get(position).forEach(names::add);
            out.add(inst);
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
