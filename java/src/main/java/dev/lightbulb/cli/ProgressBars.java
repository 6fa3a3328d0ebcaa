package dev.lightbulb.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressState;

import java.io.Console;
import java.io.PrintStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.time.Duration;

/**
 * Progress bars on stderr. On a terminal they are drawn in place (colour, redrawn every second). Anywhere else
 * (a CI log, a file) redrawing would leave ANSI codes and one line per redraw, so each bar writes plain lines
 * instead ({@link #plain}): its final state when it closes, and its state at most once a minute while it runs.
 */
final class ProgressBars {
    private ProgressBars() {}

    static final long LOG_INTERVAL_MILLIS = 60_000;

    /** A bar for {@code max} steps of {@code task}; {@code err} is where plain lines go when stderr is no terminal. */
    static ProgressBar create(String task, long max, PrintStream err) {
        if (stderrIsTerminal()) {   // the library's console consumer, drawing on the terminal itself
            return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setUpdateIntervalMillis(1000).build();
        }
        LogLines lines = new LogLines(err, LOG_INTERVAL_MILLIS);
        return new ProgressBar(task, max, 1000, false, false, 0, Duration.ZERO, ProgressBars::plain, lines) {
            @Override
            public void close() {
                super.close();
                lines.close();   // the library skips its consumer's close when a bar closes before its first redraw
            }
        };
    }

    /**
     * "taboo: 3/10 (30%), 0:01:05, ETA 0:02:32, aborted 1, failed 0": what a log line says, without bar art; the
     * ETA (at the mean pace so far) once a step is done and while steps remain.
     */
    static String plain(ProgressState p, int maxLength) {
        long s = p.getTotalElapsed().toSeconds();
        String extra = p.getExtraMessage() == null || p.getExtraMessage().isBlank() ? "" : ", " + p.getExtraMessage();
        String eta = p.getCurrent() > 0 && p.getCurrent() < p.getMax()
                ? ", ETA " + clock(Math.round((double) s * (p.getMax() - p.getCurrent()) / p.getCurrent())) : "";
        return String.format("%s: %d/%d (%.0f%%), %s%s%s", p.getTaskName(), p.getCurrent(), p.getMax(),
                p.getMax() > 0 ? 100.0 * p.getCurrent() / p.getMax() : 100, clock(s), eta, extra);
    }

    private static String clock(long s) {
        return String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    /** Whether file descriptor 2 is a terminal (C's isatty); where that cannot be asked, the JDK's console check. */
    static boolean stderrIsTerminal() {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle isatty = linker.downcallHandle(linker.defaultLookup().find("isatty").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            return (int) isatty.invokeExact(2) == 1;
        } catch (Throwable e) {
            Console c = System.console();   // about stdin and stdout, the nearest the JDK offers
            return c != null && c.isTerminal();
        }
    }

    /** Writes a bar's rendering as whole lines without control characters: the last one on close, others rarely. */
    static final class LogLines implements ProgressBarConsumer {
        private final PrintStream out;
        private final long intervalMillis;
        private long lastPrinted = System.currentTimeMillis();
        private String latest;

        LogLines(PrintStream out, long intervalMillis) {
            this.out = out;
            this.intervalMillis = intervalMillis;
        }

        @Override
        public int getMaxRenderedLength() { return 120; }

        @Override
        public synchronized void accept(String rendered) {
            latest = rendered.replaceAll("\u001B\\[[0-9;]*m|[\r\n]", "").strip();
            long now = System.currentTimeMillis();
            if (now - lastPrinted >= intervalMillis) {
                print();
                lastPrinted = now;
            }
        }

        /** Prints the last state once, however often it is called. */
        @Override
        public synchronized void close() {
            if (latest != null) print();
            latest = null;
        }

        private void print() {
            out.println(latest);
            out.flush();
        }
    }
}
