package dev.lightbulb.games;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.LightbulbException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a run set out to play: every episode of its selection (all shards together), as paths relative to the model's
 * results folder, in {@code lightbulb-plan-<hash>.json} beside the manifest. The name is a hash of the list, so the
 * shards of one run write one and the same file, and runs of other selections (other games, more instances) into
 * the same folder add their own. A merge or an evaluation reads them to say which planned episodes no folder holds.
 */
public final class RunPlan {
    private RunPlan() {}

    static final String PREFIX = "lightbulb-plan-";

    /** Writes the plan (once: the same list gives the same file) into pairDir. */
    static void write(Path pairDir, List<String> episodes) {
        Path file = pairDir.resolve(PREFIX + hash(episodes) + ".json");
        if (Files.exists(file)) return;
        ObjectNode o = Json.object();
        episodes.forEach(o.putArray("episodes")::add);
        Json.write(file, o);
    }

    /** Whether a file name is a plan's. */
    public static boolean isPlan(String fileName) { return fileName.startsWith(PREFIX) && fileName.endsWith(".json"); }

    /** The episodes a plan file lists, as paths relative to the folder it lies in. */
    public static List<String> episodes(Path planFile) {
        JsonNode episodes = Json.read(planFile).get("episodes");
        if (episodes == null || !episodes.isArray() || !java.util.stream.StreamSupport.stream(episodes.spliterator(), false).allMatch(JsonNode::isTextual))
            throw new LightbulbException(planFile + ": not a run plan (no list of strings \"episodes\")");
        List<String> out = new java.util.ArrayList<>();
        episodes.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static String hash(List<String> episodes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(String.join("\n", episodes).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
