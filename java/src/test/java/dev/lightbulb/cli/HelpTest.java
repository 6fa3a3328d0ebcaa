package dev.lightbulb.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every command's help says what each option does when it is not given, and shared options default alike. */
class HelpTest {

    static List<CommandLine> allCommands() {
        List<CommandLine> out = new ArrayList<>();
        collect(new CommandLine(new Main()), out);
        return out;
    }

    private static void collect(CommandLine cl, List<CommandLine> out) {
        out.add(cl);
        cl.getSubcommands().values().forEach(c -> collect(c, out));
    }

    /** The help lines of one option: its own line and the continuation lines below it. */
    static String helpOf(String usage, OptionSpec o) {
        List<String> lines = usage.lines().toList();
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String head = lines.get(i).strip();
            if (!(head.startsWith(o.longestName() + " ") || head.startsWith(o.longestName() + "=") || head.equals(o.longestName())
                    || head.matches("-\\w, " + java.util.regex.Pattern.quote(o.longestName()) + "\\b.*"))) continue;
            block.append(head);
            for (int j = i + 1; j < lines.size() && !lines.get(j).strip().startsWith("-") && !lines.get(j).isBlank(); j++)
                block.append(' ').append(lines.get(j).strip());
            break;
        }
        return block.toString();
    }

    @Test
    void everyDefaultIsShown() {
        List<String> missing = new ArrayList<>();
        for (CommandLine cl : allCommands()) {
            CommandSpec spec = cl.getCommandSpec();
            String usage = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
            for (OptionSpec o : spec.options()) {
                String d = o.defaultValue();
                if (d == null || o.usageHelp() || o.versionHelp() || o.type() == boolean.class || o.type() == Boolean.class) continue;
                if (!helpOf(usage, o).contains(d)) missing.add(spec.qualifiedName() + " " + o.longestName() + " (default " + d + ")");
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void everyBackendOptionDefaultsToAuto() {
        for (CommandLine cl : allCommands()) {
            OptionSpec backend = cl.getCommandSpec().findOption("--backend");
            if (backend != null) assertEquals("auto", backend.defaultValue(), cl.getCommandSpec().qualifiedName());
        }
    }
}
