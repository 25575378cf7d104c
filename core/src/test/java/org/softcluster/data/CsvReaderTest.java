package org.softcluster.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

    @TempDir
    Path dir;

    private String error(String content) {
        return error(content, CsvReader.builder().build());
    }

    private String error(String content, CsvReader reader) {
        Path f = TestFiles.text(dir, "customers.csv", content);
        return assertThrows(DataException.class, () -> reader.read(f)).getMessage();
    }

    @Test
    void readsIdStringLabelsAndFeatureNames() {
        Path f = TestFiles.text(dir, "customers.csv",
                "id,age,segment,income\nc1,30,gold,1000.5\nc2,40,silver,2000\nc3,50,gold,-3e2\nc4,60,bronze,0\n");
        CsvReader.Result r = CsvReader.builder().idColumn("id").labelColumn("segment").build().read(f);
        Dataset d = r.dataset();
        assertEquals("customers.csv", d.name());
        assertEquals(4, d.size());
        assertEquals(2, d.dim());
        assertArrayEquals(new String[] {"age", "income"}, d.featureNames());
        assertArrayEquals(new String[] {"c1", "c2", "c3", "c4"}, d.ids());
        assertArrayEquals(new int[] {0, 1, 0, 2}, d.labels());
        assertEquals(List.of("gold", "silver", "bronze"), r.labelNames());
        assertArrayEquals(new float[] {30, 1000.5f, 40, 2000, 50, -300, 60, 0}, d.features());
    }

    @Test
    void integerLabelsAreKeptAsIs() {
        Path f = TestFiles.text(dir, "a.csv", "x,y\n1.5,3\n2.5,7\n");
        CsvReader.Result r = CsvReader.builder().labelColumn("y").build().read(f);
        assertArrayEquals(new int[] {3, 7}, r.dataset().labels());
        assertNull(r.labelNames());
    }

    @Test
    void explicitFeatureColumnsSelectAndOrder() {
        Path f = TestFiles.text(dir, "a.csv", "a,b,c,note\n1,2,3,x\n4,5,6,y\n");
        Dataset d = CsvReader.builder().featureColumns(List.of("c", "a")).build().read(f).dataset();
        assertArrayEquals(new String[] {"c", "a"}, d.featureNames());
        assertArrayEquals(new float[] {3, 1, 6, 4}, d.features());
    }

    @Test
    void quotedCellsBomAndBlankLinesAreHandled() {
        Path f = TestFiles.text(dir, "q.csv", "\uFEFF\"first col\",b\n\" 1 \",\"2\"\n\n3 , 4\n");
        Dataset d = CsvReader.readDefault(f).dataset();
        assertArrayEquals(new String[] {"first col", "b"}, d.featureNames());
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.features());
    }

    @Test
    void emptyFileIsAnError() {
        assertEquals("customers.csv: empty file (a header row is required)", error(""));
    }

    @Test
    void headerOnlyIsAnError() {
        assertEquals("customers.csv: no data rows after the header", error("age,income\n"));
    }

    @Test
    void raggedRowIsAnError() {
        assertEquals("customers.csv row 2: expected 3 cells as in the header, found 2", error("a,b,c\n1,2,3\n4,5\n"));
    }

    @Test
    void nanCellIsMissingAndRefusedByDefault() {
        assertEquals("customers.csv row 2, column \"b\": missing cell (\"NaN\"); the missing-cell policy is error (drop, mean or"
                + " mode handle missing cells)", error("a,b\n1,2\n3,NaN\n"));
    }

    @Test
    void infiniteCellIsAnError() {
        assertEquals("customers.csv row 1, column \"a\": infinite value \"-Infinity\"", error("a,b\n-Infinity,2\n"));
        assertEquals("customers.csv row 1, column \"b\": infinite value \"inf\"", error("a,b\n1,inf\n"));
    }

    @Test
    void strayTextInANumericColumnIsAnError() {
        String advice = " (at least half of the column's cells are numbers; declare the column categorical to read it as text)";
        assertEquals("customers.csv row 17, column \"age\": not a number: \"abc\"" + advice,
                error("age\n" + "1\n".repeat(16) + "abc\n"));
        // Java-only number syntax is text as well.
        assertEquals("customers.csv row 2, column \"age\": not a number: \"1f\"" + advice, error("age\n1\n1f\n"));
    }

    @Test
    void emptyCellIsMissing() {
        assertEquals("customers.csv row 2, column \"b\": missing cell (empty); the missing-cell policy is error (drop, mean or"
                + " mode handle missing cells)", error("a,b\n1,2\n3,\n"));
    }

    @Test
    void floatOverflowIsAnError() {
        assertEquals("customers.csv row 1, column \"a\": value out of float range: \"1e39\"", error("a\n1e39\n"));
    }

    @Test
    void missingLabelColumnListsAvailableColumns() {
        assertEquals("customers.csv: label column \"class\" not found; available columns: \"id\", \"age\", \"income\"",
                error("id,age,income\n1,2,3\n", CsvReader.builder().labelColumn("class").build()));
    }

    @Test
    void missingFeatureColumnIsAnError() {
        assertEquals("customers.csv: feature column \"z\" not found; available columns: \"x\", \"y\"",
                error("x,y\n1,2\n", CsvReader.builder().featureColumns(List.of("x", "z")).build()));
    }

    @Test
    void emptyLabelCellIsAnError() {
        assertEquals("customers.csv row 2, column \"y\": empty cell",
                error("x,y\n1,a\n2,\n", CsvReader.builder().labelColumn("y").build()));
    }

    @Test
    void duplicateIdsAndColumnNamesAreErrors() {
        assertEquals("customers.csv row 3, column \"id\": duplicate id \"a\" (first used in row 1)",
                error("id,x\na,1\nb,2\na,3\n", CsvReader.builder().idColumn("id").build()));
        assertEquals("customers.csv: duplicate column name \"x\" (columns 1 and 3)", error("x,y,x\n1,2,3\n"));
    }

    @Test
    void unnamedColumnIsAnError() {
        assertEquals("customers.csv: column 1 has an empty name in the header row; every column needs a name"
                + " (an index column written by pandas? write with index=False)", error(",a\n0,1\n"));
    }

    @Test
    void labelColumnCannotAlsoBeAFeature() {
        assertEquals("customers.csv: column \"y\" cannot be both a feature and the label column",
                error("x,y\n1,2\n", CsvReader.builder().labelColumn("y").featureColumns(List.of("x", "y")).build()));
    }

    @Test
    void malformedQuotingIsReported() {
        String msg = error("a,b\n\"1,2\n");
        assertEquals(true, msg.startsWith("customers.csv: malformed CSV"), msg);
    }
}
