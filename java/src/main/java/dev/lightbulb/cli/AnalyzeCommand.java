package dev.lightbulb.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lightbulb analyze}: fits and reports over result tables (no models, no GPU). */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Analyse result tables: observational scaling laws, model characteristics, emergence, clemscore from benchmarks.",
        subcommands = {
                AnalyzeScalingCommand.class,
                AnalyzeCharacteristicsCommand.class,
                AnalyzeEmergenceCommand.class,
                AnalyzeClemscoreScalingCommand.class,
        })
public final class AnalyzeCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
