package dev.lightbulb.cli;

import dev.lightbulb.CliRun;
import dev.lightbulb.LightbulbException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only the user's errors are one line and exit code 2; a programming error keeps its stack trace. */
class UserErrorHandlerTest {
    private record Outcome(int code, String err) {}

    private static Outcome handle(Exception e) {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new Main());
        cmd.setErr(new PrintWriter(err, true));
        int code = new UserErrorHandler().handleExecutionException(e, cmd, null);
        return new Outcome(code, err.toString());
    }

    @Test
    void userErrorsAreOneLine() {
        Outcome o = handle(new LightbulbException("model.gguf: metadata 'llama.block_count' is 0"));
        assertEquals(new Outcome(2, "lightbulb: model.gguf: metadata 'llama.block_count' is 0" + System.lineSeparator()), o);
        o = handle(new UncheckedIOException(new AccessDeniedException("results/x.json")));
        assertEquals(2, o.code());
        assertEquals(1, o.err().lines().count(), o.err());
        assertEquals(2, handle(new IOException("disk full")).code());
    }

    @Test
    void illegalArgumentsAndOtherBugsKeepTheirStackTrace() {
        for (Exception bug : new Exception[] {new IllegalArgumentException("heads must be positive"),
                new IllegalStateException("closed"), new ArithmeticException("/ by zero")}) {
            Outcome o = handle(bug);
            assertEquals(70, o.code(), o.err());
            assertTrue(o.err().startsWith("lightbulb: internal error (please report):"), o.err());
            assertTrue(o.err().contains("\tat dev.lightbulb.cli.UserErrorHandlerTest"), "stack trace kept: " + o.err());
        }
    }

    /** Options that reached an IllegalArgumentException are user errors in words. */
    @Test
    void badOptionValuesAreUserErrors() {
        CliRun.Result r = CliRun.run("analyze", "emergence", "--data", "x.csv", "--form", "cubic");
        assertEquals(2, r.code(), r.err());
        assertEquals("lightbulb: --form: 'cubic' is not one of log-power, power", r.err().strip());
        r = CliRun.run("generate", "--prompt", "Once", "--max-tokens", String.valueOf(Integer.MAX_VALUE));
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("exceeds the model's context length of 512"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }
}
