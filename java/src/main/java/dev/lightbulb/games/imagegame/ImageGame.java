package dev.lightbulb.games.imagegame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.text.chat.ChatMessage;
import dev.lightbulb.games.ChatModel;
import dev.lightbulb.games.Experts;
import dev.lightbulb.games.Game;
import dev.lightbulb.games.GameMaster;
import dev.lightbulb.games.Json;
import dev.lightbulb.games.PyRegex;
import dev.lightbulb.games.Scores;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * clembench's imagegame: Player 1 describes a 5x5 target grid instruction by instruction
 * ("Instruction: ..." until "Instruction: DONE"), Player 2 returns the whole grid after each.
 * A reply that fails the instance regex aborts; at most grid_dimension squared (25) turns.
 */
public final class ImageGame implements Game {

    @Override public String name() { return "imagegame"; }

    @Override public int modelCount() { return 2; }

    @Override
    public GameMaster master(JsonNode experiment, JsonNode instance, List<ChatModel> models) {
        return new Master(experiment, instance, models.get(0), models.get(1));
    }

    /** Seat 0 gives instructions ({@link InstructionGiver}), seat 1 draws them ({@link GridDrawer}). */
    @Override
    public ChatModel expert(int seat) {
        return Experts.seat(name(), seat, InstructionGiver::new, GridDrawer::new);
    }

    @Override
    public Scores score(JsonNode interactions, JsonNode experiment, JsonNode instance) {
        return ImageGameScorer.score(interactions, instance);
    }

    private static final class Master extends GameMaster {
        private final ChatModel giver, follower;

        Master(JsonNode experiment, JsonNode instance, ChatModel giver, ChatModel follower) {
            super(experiment, instance);
            this.giver = giver;
            this.follower = follower;
        }

        @Override
        public void play() {
            String where = where("imagegame");
            String header1 = Json.text(instance, "player_1_prompt_header", where);
            String header2 = Json.text(instance, "player_2_prompt_header", where);
            String question = Json.text(instance, "player_1_question", where);
            String grid = Json.text(instance, "target_grid", where);
            int dimension = Json.field(instance, "grid_dimension", where).asInt();
            Pattern terminate = PyRegex.compile(Json.text(instance, "player_1_terminate_pattern", where), true, where);
            Pattern p1Valid = PyRegex.compile(Json.text(instance, "player_1_response_pattern", where), true, where);
            Pattern p2Valid = PyRegex.compile(Json.text(instance, "player_2_response_pattern", where), false, where);
            record.players("GM", "Game master for imagegame", "Player_1", giver.name(), "Player_2", follower.name());

            // clembench starts both histories with an empty system message, which every backend drops.
            List<ChatMessage> h1 = new ArrayList<>(), h2 = new ArrayList<>();
            for (int t = 0; t < dimension * dimension; t++) {
                record.nextTurn();
                String instruction = talk("Player 1", giver, h1,
                        t == 0 ? header1 + "\n" + grid + "\n" + question + "\n" : question);
                if (terminate.matcher(instruction).lookingAt()) return;
                if (!p1Valid.matcher(instruction).lookingAt()) {
                    invalid("Invalid instruction format", instruction);
                    return;
                }
                // only the first line goes on to Player 2 (the pattern's $ allows one trailing newline)
                instruction = parsed(instruction, instruction.split("\n", -1)[0]);

                String drawn = talk("Player 2", follower, h2, t == 0 ? header2 + "\n" + instruction : instruction);
                if (!p2Valid.matcher(drawn).lookingAt()) {
                    invalid("Invalid grid format", drawn);
                    return;
                }
                parsed(drawn, drawn);
            }
        }

        private String parsed(String original, String parsed) {
            ObjectNode a = action("parse", parsed);
            a.put("original_content", original);
            record.event("GM", "GM", a);
            return parsed;
        }

        private void invalid(String why, String text) {
            ObjectNode a = action("invalid format", why);
            a.put("original_content", text);
            record.event("GM", "GM", a);
        }
    }
}
