package org.softcluster.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The records of a CSV stream as every engine reads them (the Spark module reads its files through this class and
 * {@link CsvColumns}): gzip found from the content, the byte order mark, quotes and line breaks inside them, trimming,
 * empty lines, scikit-learn's header, and the one-line errors.
 */
class CsvRecordsTest {

    private static List<String[]> all(CsvRecords r) {
        List<String[]> rows = new ArrayList<>();
        while (r.hasNext()) rows.add(r.next());
        return rows;
    }

    private static CsvRecords open(byte[] content, char delimiter) {
        return CsvRecords.open("t.csv", new ByteArrayInputStream(content), delimiter);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void quotesLineBreaksTrimmingBomAndEmptyLines() throws IOException {
        try (CsvRecords r = open(utf8("\uFEFF\"id\",a\r\n\r\n\"x, \"\"y\"\"\nz\" ,  1.5 \r\n\n  p  ,2\n"), ',')) {
            assertArrayEquals(new String[] {"id", "a"}, r.header());
            List<String[]> rows = all(r);
            assertEquals(2, rows.size());
            assertArrayEquals(new String[] {"x, \"y\"\nz", "1.5"}, rows.get(0));
            assertArrayEquals(new String[] {"p", "2"}, rows.get(1));
            assertEquals(2, r.row());
        }
    }

    @Test
    void gzipIsFoundFromTheContentAndTabsSeparateTsv() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(utf8("a\tb\n1\t2\n"));
        }
        try (CsvRecords r = open(bytes.toByteArray(), '\t')) {
            assertArrayEquals(new String[] {"a", "b"}, r.header());
            assertArrayEquals(new String[] {"1", "2"}, r.next());
            assertFalse(r.hasNext());
        }
    }

    @Test
    void scikitLearnsBundledHeaderBecomesNames() throws IOException {
        try (CsvRecords r = open(utf8("2,3,class_0,class_1\n1,2,3,0\n4,5,6,1\n"), ',')) {
            assertArrayEquals(new String[] {"x0", "x1", "x2", "target"}, r.header());
            assertEquals(2, all(r).size());
        }
    }

    @Test
    void faultsAreOneLineNamingFileAndRow() {
        assertEquals("t.csv: empty file (a header row is required)",
                assertThrows(DataException.class, () -> open(utf8("\n\n"), ',')).getMessage());
        CsvRecords ragged = open(utf8("a,b\n1,2\n3\n"), ',');
        ragged.next();
        assertEquals("t.csv row 2: expected 2 cells as in the header, found 1",
                assertThrows(DataException.class, ragged::next).getMessage());
        CsvRecords unclosed = open(utf8("a,b\n1,2\n\"3,4\n"), ',');
        unclosed.next();
        String message = assertThrows(DataException.class, unclosed::hasNext).getMessage();
        assertTrue(message.startsWith("t.csv: malformed CSV or unreadable file: "), message);
    }

    /** The column decisions travel to other processes (Spark's executors) as they are. */
    @Test
    void columnsAreSerialisableAndCheckRows() throws Exception {
        CsvColumns columns = CsvReader.builder().idColumn("id").labelColumn("y").build().columns("t.csv", new String[] {"a", "id", "y", "b"});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(columns);
        }
        CsvColumns copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (CsvColumns) in.readObject();
        }
        assertArrayEquals(new String[] {"a", "b"}, copy.featureNames());
        assertEquals("id", copy.idColumn());
        String[] record = {"1", "r1", "", "2"};
        assertArrayEquals(new String[] {"1", "2"}, copy.featureCells(record));
        assertEquals("r1", copy.id("t.csv", 1, record));
        assertEquals("t.csv row 1, column \"y\": empty cell",
                assertThrows(DataException.class, () -> copy.label("t.csv", 1, record)).getMessage());
    }
}
