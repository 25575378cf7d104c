package org.softcluster.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    @Test
    void embedsImagesAndJsonAndReferencesNoFile(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("a.png");
        SyntheticSweep.image(png, Color.RED);
        Path good = dir.resolve("config.json");
        Files.writeString(good, "{\"a\":1,\"b\":[1,2]}");
        Path bad = dir.resolve("provenance.json");
        Files.writeString(bad, "not json <b>");
        HtmlReport h = new HtmlReport("t <1>").section("s1", "One").image(png, "cap \"x\"")
                .details("run", List.of(good, bad)).table(new TextTable("T", "", List.of("η", "v"),
                        List.of(List.of("0", "1 ± 2"))));
        Path out = h.write(dir.resolve("out/r.html"));
        String html = Files.readString(out);
        assertEquals(List.of(png, good, bad), h.referencedFiles());
        assertEquals(List.of(), HtmlReport.externalReferences(html));
        assertTrue(html.contains("<title>t &lt;1&gt;</title>"));
        assertTrue(html.contains("&quot;a&quot; : 1,"), "pretty-printed JSON");
        assertTrue(html.contains("not json &lt;b&gt;"));
        assertTrue(html.contains("<a href=\"#s1\">One</a>"));
        assertTrue(html.contains("<td>1 ± 2</td>"));
    }

    @Test
    void findsExternalReferences() {
        String html = "<img src=\"x.png\"><a href='#top'>t</a><img SRC=\"data:image/png;base64,AA\">"
                + "<link href=\"style.css\">";
        assertEquals(List.of("x.png", "style.css"), HtmlReport.externalReferences(html));
        assertEquals("&lt;a href=&quot;x&quot;&gt; &amp; &#39;", HtmlReport.escape("<a href=\"x\"> & '"));
    }

    @Test
    void markdownTableEscapesPipes() {
        TextTable t = new TextTable("T", "note", List.of("a", "b"), List.of(List.of("x|y", "1")));
        assertTrue(t.toMarkdown().contains("| x\\|y | 1 |"), t.toMarkdown());
    }
}
