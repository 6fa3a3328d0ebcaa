package dev.lightbulb.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lightbulb} command line: one subcommand per job. */
@Command(name = "lightbulb", mixinStandardHelpOptions = true, version = "lightbulb 0.1.0",
        description = "How does a language model's skill in goal-directed conversation depend on what the model is?",
        subcommands = {
                CommandLine.HelpCommand.class,
                AnalyzeCommand.class,
                ConvertCommand.class,
                InspectCommand.class,
                QuantizeCommand.class,
                TokenizeCommand.class,
                ChatTemplateCommand.class,
                GenerateCommand.class,
                ScoreCommand.class,
                EvalCommand.class,
                ReplayCommand.class,
                TranscribeCommand.class,
                CompareCommand.class,
                RunCommand.class,
                FinetuneCommand.class,
                LossCommand.class,
                MergeCommand.class,
                DatasetCommand.class,
                ExperimentCommand.class,
                InstancesCommand.class,
                BenchCommand.class,
        })
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code; user errors print one line, never a stack trace. */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        return cl.execute(args);
    }
}
