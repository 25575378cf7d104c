package org.softcluster.report;

import java.util.List;

/**
 * A small titled table of pre-formatted cells that renders to Markdown and to an HTML {@code <table>}.
 *
 * @param title the heading shown above the table
 * @param note an optional sentence shown under the heading (empty for none)
 * @param headers the column headers
 * @param rows the rows, each with as many cells as there are headers
 */
public record TextTable(String title, String note, List<String> headers, List<List<String>> rows) {

    /** Validates the shape and makes the lists unmodifiable. */
    public TextTable {
        headers = List.copyOf(headers);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<String> row : rows) {
            if (row.size() != headers.size()) {
                throw new IllegalArgumentException("table '" + title + "': a row has " + row.size()
                        + " cells but there are " + headers.size() + " headers");
            }
        }
        note = note == null ? "" : note;
    }

    /** Returns the table as a Markdown section: a level-3 heading, the note, and a pipe table. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("### ").append(title).append("\n\n");
        if (!note.isEmpty()) {
            sb.append(note).append("\n\n");
        }
        sb.append("| ").append(String.join(" | ", headers.stream().map(TextTable::mdCell).toList())).append(" |\n");
        sb.append("|");
        for (int i = 0; i < headers.size(); i++) {
            sb.append(i == 0 ? "---|" : "---:|");
        }
        sb.append('\n');
        for (List<String> row : rows) {
            sb.append("| ").append(String.join(" | ", row.stream().map(TextTable::mdCell).toList())).append(" |\n");
        }
        return sb.append('\n').toString();
    }

    /** Returns the table as HTML: an {@code <h3>} heading, the note as a paragraph, and a {@code <table>}. */
    public String toHtml() {
        StringBuilder sb = new StringBuilder();
        sb.append("<h3>").append(HtmlReport.escape(title)).append("</h3>\n");
        if (!note.isEmpty()) {
            sb.append("<p class=\"note\">").append(HtmlReport.escape(note)).append("</p>\n");
        }
        sb.append("<table>\n<thead><tr>");
        for (String h : headers) {
            sb.append("<th>").append(HtmlReport.escape(h)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            sb.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                sb.append(i == 0 ? "<th scope=\"row\">" : "<td>").append(HtmlReport.escape(row.get(i)))
                        .append(i == 0 ? "</th>" : "</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</tbody>\n</table>\n").toString();
    }

    private static String mdCell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
