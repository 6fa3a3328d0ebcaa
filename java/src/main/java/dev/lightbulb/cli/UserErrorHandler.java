package dev.lightbulb.cli;

import dev.lightbulb.LightbulbException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns the user's errors into one line on stderr and exit code 2: a {@link LightbulbException} (a bad file, value or
 * option, said in words) or an I/O error on a file the user named. Anything else, {@link IllegalArgumentException}
 * included, is a bug: it keeps its stack trace (exit code 70) so it can be reported.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        Throwable t = ex;
        if (t instanceof UncheckedIOException u) t = u.getCause();
        if (t instanceof LightbulbException || t instanceof IOException) {
            cmd.getErr().println("lightbulb: " + t.getMessage());
            return 2;
        }
        cmd.getErr().println("lightbulb: internal error (please report):");
        ex.printStackTrace(cmd.getErr());
        return 70;
    }
}
