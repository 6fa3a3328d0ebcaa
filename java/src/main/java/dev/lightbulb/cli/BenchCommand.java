package dev.lightbulb.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lightbulb bench ...}: measurements whose numbers go into bench/README.md. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure the engine and kernels.",
        subcommands = {BenchEngineCommand.class, BenchSpeedCommand.class, BenchRandomModelCommand.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
