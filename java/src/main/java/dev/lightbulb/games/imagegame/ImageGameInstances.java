package dev.lightbulb.games.imagegame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.games.InstanceGenerator;
import dev.lightbulb.games.Json;
import dev.lightbulb.games.TargetDraws;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * New imagegame instances as clembench's imagegame generator makes them from its 20 patterns ({@value #GRIDS}, 5 by 5,
 * "X" for a filled cell): compact_grids fill a pattern's cells with one letter (any pattern, any letter: 520 grids);
 * random_grids put one letter on 5 to min(10, the pattern's cells) cells drawn at random (with repetition).
 */
public final class ImageGameInstances implements InstanceGenerator {
    static final String GRIDS = "/dev/lightbulb/games/imagegame/grids_v1_5.json";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String EMPTY = "▢";
    private static final int SIZE = 5;

    @Override public String game() { return "imagegame"; }

    /** The grid without the blank lines some of clembench's grids start or end with. */
    @Override public String target(JsonNode instance) { return instance.path("target_grid").asText().strip(); }

    @Override
    public Candidates candidates(JsonNode experiment, Set<String> excluded) {
        List<String> patterns = new ArrayList<>();
        Json.resource(GRIDS).forEach(g -> patterns.add(g.asText()));
        ObjectNode template = (ObjectNode) experiment.get("game_instances").get(0);
        String name = experiment.get("name").asText();
        return switch (name) {
            case "compact_grids" -> {
                List<String> pool = new ArrayList<>();
                for (String p : patterns)
                    for (char c : ALPHABET.toCharArray()) {
                        String grid = p.replace('X', c);
                        if (!excluded.contains(grid.strip()) && !pool.contains(grid)) pool.add(grid);
                    }
                yield TargetDraws.finite(pool, (grid, i) -> instance(template, grid, i));
            }
            case "random_grids" -> new Candidates() {
                // 25 cells, at most 10 filled with one of 26 letters: millions of grids
                @Override public long capacity() { return TargetDraws.SAMPLED_LIMIT; }

                @Override
                public List<ObjectNode> draw(int count, Random random) {
                    List<String> grids = TargetDraws.distinct(() -> randomGrid(patterns, random), String::strip, excluded, count);
                    List<ObjectNode> out = new ArrayList<>();
                    for (int i = 0; i < grids.size(); i++) out.add(instance(template, grids.get(i), i));
                    return out;
                }
            };
            default -> throw new IllegalStateException("imagegame has no experiment '" + name + "' to generate");
        };
    }

    /** A random grid as clembench draws one for a pattern: its letter count bounds how many cells are drawn. */
    static String randomGrid(List<String> patterns, Random random) {
        String pattern = patterns.get(random.nextInt(patterns.size()));
        char letter = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        int most = Math.max(5, Math.min(10, (int) pattern.chars().filter(c -> c == 'X').count()));
        int cells = 5 + random.nextInt(most - 5 + 1);
        String[][] grid = new String[SIZE][SIZE];
        for (String[] row : grid) java.util.Arrays.fill(row, EMPTY);
        for (int k = 0; k < cells; k++) grid[random.nextInt(SIZE)][random.nextInt(SIZE)] = String.valueOf(letter);
        List<String> rows = new ArrayList<>();
        for (String[] row : grid) rows.add(String.join(" ", row));
        return String.join("\n", rows);
    }

    /** The template's fields in its order; game_id from 0, and number_of_letters counted as clembench does (its "X"s). */
    private static ObjectNode instance(ObjectNode template, String grid, int index) {
        ObjectNode out = template.deepCopy();
        out.put("game_id", index);
        out.put("number_of_letters", (int) grid.chars().filter(c -> c == 'X').count());
        out.put("target_grid", grid);
        return out;
    }
}
