package dev.lightbulb.games.transcript;

import dev.lightbulb.LightbulbException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * One self-contained HTML page of lightbulb's: its style sheet and (for the browser's filters) its script are inline,
 * so a page works from a local file, alone, without a server or a network. A Content-Security-Policy lets nothing
 * load from anywhere and lets no script run but our own (named by its hash): if a model's text ever slipped past
 * {@link HtmlText}, the browser would still refuse to run it.
 */
public final class HtmlPage {
    private HtmlPage() {}

    /** Our style sheet, shared by the transcripts, the browser and the comparison. */
    public static final String CSS = resource("lightbulb.css");
    /** The browser's table filters and sorting. */
    public static final String FILTER_SCRIPT = resource("filters.js");

    /**
     * A whole page. {@code bodyClass} picks the page's layout in the style sheet; {@code body} is HTML already
     * escaped by the caller; {@code script} (or null) is one of our own scripts.
     */
    public static String render(String title, String bodyClass, String body, String script) {
        String policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
                + (script == null ? "" : "; script-src '" + sha256(script) + "'");
        StringBuilder h = new StringBuilder(body.length() + CSS.length() + 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(policy).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"lightbulb\">\n")
                .append("<title>").append(HtmlText.escape(title)).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n")
                .append("<body class=\"").append(bodyClass).append("\">\n").append(body);
        if (script != null) h.append("<script>").append(script).append("</script>\n");
        return h.append("</body>\n</html>\n").toString();
    }

    /** Writes a page (or any text) atomically: a reader never sees half a file. */
    public static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LightbulbException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** A link from a page at {@code from} (a file) to {@code to}, relative and with '/' separators. */
    public static String href(Path from, Path to) {
        Path rel = from.toAbsolutePath().normalize().getParent().relativize(to.toAbsolutePath().normalize());
        StringBuilder out = new StringBuilder();
        for (Path part : rel) {
            if (!out.isEmpty()) out.append('/');
            out.append(java.net.URLEncoder.encode(part.toString(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }

    private static String sha256(String script) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
            if (in == null) throw new LightbulbException("resource " + name + " is missing from the lightbulb jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LightbulbException("resource " + name + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
