package dev.lightbulb.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightbulb.InputFiles;
import dev.lightbulb.OutputFiles;
import dev.lightbulb.analysis.plot.ChartFiles;
import dev.lightbulb.analysis.plot.ChartStyle;
import org.knowm.xchart.XYChart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code loss.png}: the training loss per step, drawn from the whole {@code train_log.jsonl} (resumed runs included). */
final class LossCurve {
    static final String FILE = "loss.png";

    private LossCurve() {}

    /** Draws the log in {@code dir} into {@code dir/loss.png} (atomically); returns the file. */
    static Path write(Path dir) {
        Path log = dir.resolve(Finetuner.LOG);
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException e) {
            throw InputFiles.cannotRead(log, "the training log", e);
        }
        double[] step = new double[lines.size()], loss = new double[lines.size()];
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            try {
                JsonNode n = json.readTree(lines.get(i));
                step[i] = n.get("step").asDouble();
                loss[i] = n.get("loss").asDouble();
            } catch (IOException | NullPointerException e) {
                throw new dev.lightbulb.LightbulbException(log + ":" + (i + 1) + ": not a training log line");
            }
        }
        XYChart chart = ChartStyle.xy("Training loss", "step", "loss (mean per learned token)");
        ChartStyle.line(chart, "loss", step, loss);
        Path png = dir.resolve(FILE);
        OutputFiles.write(png, tmp -> Files.write(tmp, ChartFiles.png(chart)));
        return png;
    }
}
