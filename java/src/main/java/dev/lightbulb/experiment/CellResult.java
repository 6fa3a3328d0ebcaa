package dev.lightbulb.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.games.Json;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one cell of an emergence grid measured ({@code cell.json}, written last: its presence marks the cell done).
 * A cell whose finetuning failed is recorded too, with the reason, so the grid goes on and the table says so.
 *
 * @param accuracy  the skill in [0, 1]: clemscore / 100, i.e. the share of episodes played to the end times their
 *                  mean quality, so an aborted episode counts as a failure
 * @param status    {@code ok} or {@code failed}
 */
public record CellResult(int cell, String model, String checkpoint, int dataAmount, double loss, double accuracy, double clemscore,
                  double played, double quality, int episodes, double seconds, String status, String reason) {
    static final String FILE = "cell.json";

    static CellResult failed(int cell, String model, String checkpoint, int amount, double loss, double seconds, String reason) {
        return new CellResult(cell, model, checkpoint, amount, loss, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, seconds, "failed", reason);
    }

    boolean ok() { return status.equals("ok"); }

    void write(Path dir) {
        ObjectNode n = Json.object();
        n.put("cell", cell).put("model", model).put("checkpoint", checkpoint).put("data_amount", dataAmount).put("loss", loss)
                .put("accuracy", accuracy).put("clemscore", clemscore).put("played", played).put("quality", quality)
                .put("episodes", episodes).put("seconds", seconds).put("status", status);
        if (reason != null) n.put("reason", reason);
        Json.write(dir.resolve(FILE), n);
    }

    /** The result in {@code dir}, or null when the cell has not finished. */
    static CellResult read(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) return null;
        JsonNode n = Json.read(f);
        return new CellResult(n.path("cell").asInt(), n.path("model").asText(), n.path("checkpoint").asText(), n.path("data_amount").asInt(),
                n.path("loss").asDouble(Double.NaN), n.path("accuracy").asDouble(Double.NaN), n.path("clemscore").asDouble(Double.NaN),
                n.path("played").asDouble(Double.NaN), n.path("quality").asDouble(Double.NaN), n.path("episodes").asInt(),
                n.path("seconds").asDouble(), n.path("status").asText(), n.hasNonNull("reason") ? n.get("reason").asText() : null);
    }
}
