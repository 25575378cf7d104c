package org.softcluster.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A builder of one self-contained HTML page: every image is embedded as a base64 {@code data:} URI and every
 * JSON file is copied in as text, so the written file references no other file and can be moved or mailed alone.
 *
 * <p>{@link #referencedFiles()} lists the files whose content went into the page (all embedded, none linked);
 * {@link #externalReferences(String)} finds any {@code src}/{@code href} in a page that is neither a data URI
 * nor an in-page anchor, which for pages built here is always none.
 */
public final class HtmlReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REFERENCE = Pattern.compile("(?i)\\b(?:src|href)\\s*=\\s*[\"']([^\"']*)[\"']");

    private final String title;
    private final StringBuilder body = new StringBuilder();
    private final List<String[]> contents = new ArrayList<>();
    private final List<Path> referenced = new ArrayList<>();

    /** Starts an empty page with a title. */
    public HtmlReport(String title) {
        this.title = title;
    }

    /** Starts a new top-level section (an {@code <h2>} listed in the table of contents). */
    public HtmlReport section(String id, String heading) {
        if (!id.matches("[A-Za-z][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("section id must be a simple name, got '" + id + "'");
        }
        contents.add(new String[] {id, heading});
        body.append("<h2 id=\"").append(id).append("\">").append(escape(heading)).append("</h2>\n");
        return this;
    }

    /** Adds a sub-heading ({@code <h3>}). */
    public HtmlReport subsection(String heading) {
        body.append("<h3>").append(escape(heading)).append("</h3>\n");
        return this;
    }

    /** Adds a paragraph of plain text (escaped). */
    public HtmlReport paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** Adds a bulleted list of plain-text items (escaped). */
    public HtmlReport list(List<String> items) {
        body.append("<ul>\n");
        for (String item : items) {
            body.append("<li>").append(escape(item)).append("</li>\n");
        }
        body.append("</ul>\n");
        return this;
    }

    /** Adds a table. */
    public HtmlReport table(TextTable table) {
        body.append(table.toHtml());
        return this;
    }

    /** Opens a grid of figures; close it with {@link #endGrid()}. */
    public HtmlReport beginGrid() {
        body.append("<div class=\"grid\">\n");
        return this;
    }

    /** Closes a grid of figures. */
    public HtmlReport endGrid() {
        body.append("</div>\n");
        return this;
    }

    /** Embeds a PNG file as a base64 data URI inside a {@code <figure>} with a caption. */
    public HtmlReport image(Path png, String caption) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot embed " + png + ": " + e.getMessage(), e);
        }
        referenced.add(png);
        body.append("<figure><img alt=\"").append(escape(caption)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(bytes)).append("\"><figcaption>")
                .append(escape(caption)).append("</figcaption></figure>\n");
        return this;
    }

    /**
     * Adds a collapsible {@code <details>} block with JSON files pretty-printed in it (shown as-is when a file
     * is not valid JSON).
     *
     * @param summary the always-visible summary line
     * @param files the JSON files, each shown under its file name
     * @return this builder
     */
    public HtmlReport details(String summary, List<Path> files) {
        body.append("<details><summary>").append(escape(summary)).append("</summary>\n");
        if (files.isEmpty()) {
            body.append("<p>(no config.json or provenance.json in this run folder)</p>\n");
        }
        for (Path f : files) {
            referenced.add(f);
            String text = ReportFiles.read(f);
            String shown;
            try {
                JsonNode node = JSON.readTree(text);
                shown = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
            } catch (IOException e) {
                shown = text + "\n(not valid JSON: " + e.getMessage() + ")";
            }
            body.append("<h4>").append(escape(f.getFileName().toString())).append("</h4>\n<pre>")
                    .append(escape(shown)).append("</pre>\n");
        }
        body.append("</details>\n");
        return this;
    }

    /** Returns the files whose content has been embedded (images and JSON), in order; the page links none of them. */
    public List<Path> referencedFiles() {
        return Collections.unmodifiableList(referenced);
    }

    /** Returns the complete HTML document. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n");
        if (!contents.isEmpty()) {
            sb.append("<nav><ol>\n");
            for (String[] c : contents) {
                sb.append("<li><a href=\"#").append(c[0]).append("\">").append(escape(c[1])).append("</a></li>\n");
            }
            sb.append("</ol></nav>\n");
        }
        sb.append(body).append("</body>\n</html>\n");
        return sb.toString();
    }

    /** Writes the page atomically and returns its path. */
    public Path write(Path file) {
        return ReportFiles.writeString(file, render());
    }

    /** Returns every {@code src} or {@code href} value of a page that is neither a {@code data:} URI nor a {@code #anchor}. */
    public static List<String> externalReferences(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = REFERENCE.matcher(html);
        while (m.find()) {
            String v = m.group(1).trim();
            String lower = v.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("data:") && !v.startsWith("#")) {
                out.add(v);
            }
        }
        return out;
    }

    /** Escapes text for HTML element content and attribute values. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static final String CSS = """
            body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 1500px;
                   padding: 0 1em; color: #222; line-height: 1.4; }
            h1 { border-bottom: 2px solid #444; }
            h2 { border-bottom: 1px solid #bbb; margin-top: 2em; }
            nav ol { columns: 2; }
            table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.92em; }
            th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; white-space: nowrap; }
            thead th { background: #f0f0f0; text-align: center; }
            tbody th { text-align: left; background: #fafafa; }
            p.note { color: #555; font-size: 0.9em; max-width: 70em; }
            .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 1em; }
            figure { margin: 0.5em 0; }
            figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
            figcaption { font-size: 0.9em; color: #444; }
            details { margin: 0.4em 0; border: 1px solid #ddd; padding: 0.3em 0.6em; }
            summary { cursor: pointer; font-weight: 600; }
            pre { background: #f7f7f7; padding: 0.6em; overflow-x: auto; font-size: 0.85em; }
            """;
}
