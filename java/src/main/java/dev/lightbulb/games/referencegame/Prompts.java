package dev.lightbulb.games.referencegame;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The two players' prompt headers of an evaluation instance with its grids taken out: clembench renders its templates
 * into each instance, and the instances are what was evaluated, so new instances reuse their text exactly.
 */
record Prompts(String player1, String player2) {
    private static final String[] P1 = {"TARGET_GRID", "SECOND_GRID", "THIRD_GRID"};
    private static final String[] P2 = {"FIRST_GRID", "SECOND_GRID", "THIRD_GRID"};

    static Prompts of(JsonNode instance) {
        return new Prompts(
                template(instance.get("player_1_prompt_header").asText(), P1, instance.get("player_1_target_grid").asText(),
                        instance.get("player_1_second_grid").asText(), instance.get("player_1_third_grid").asText()),
                template(instance.get("player_2_prompt_header").asText(), P2, instance.get("player_2_first_grid").asText(),
                        instance.get("player_2_second_grid").asText(), instance.get("player_2_third_grid").asText()));
    }

    String player1(String target, String second, String third) { return fill(player1, P1, target, second, third); }

    String player2(String first, String second, String third) { return fill(player2, P2, first, second, third); }

    /** The header with each grid, which must occur exactly once, replaced by its placeholder. */
    private static String template(String header, String[] placeholders, String... grids) {
        String out = header;
        for (int i = 0; i < grids.length; i++) {
            int at = out.indexOf(grids[i]);
            if (at < 0 || out.indexOf(grids[i], at + 1) >= 0 || out.contains(placeholders[i]))
                throw new IllegalStateException("referencegame prompt does not show grid " + (i + 1) + " exactly once: " + header);
            out = out.substring(0, at) + placeholders[i] + out.substring(at + grids[i].length());
        }
        return out;
    }

    private static String fill(String template, String[] placeholders, String... grids) {
        String out = template;
        for (int i = 0; i < grids.length; i++) out = out.replace(placeholders[i], grids[i]);
        return out;
    }
}
