package org.softcluster.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One-hot encoding of text columns and missing-cell handling, fitted on one table and applied to another. */
class EncodingTest {

    @TempDir
    Path dir;

    /** Five rows: a numeric column, a text column, a numeric column read as categories; row 4 has a missing cell. */
    private static final String TRAIN = "id,size,colour,zip\n"
            + "a,1.5,red,20\n"
            + "b,2.5,blue,10\n"
            + "c,3.5,red,20\n"
            + "d,NA,green,10\n"
            + "e,4.5,red,30\n";

    private CsvReader.Result read(String name, String content, CsvReader.Builder b) {
        return b.build().read(TestFiles.text(dir, name, content));
    }

    /** A reader of tables with an id column. */
    private static CsvReader.Builder reader() {
        return CsvReader.builder().idColumn("id");
    }

    /** The encoding fitted on {@link #TRAIN} under a missing-cell policy, with zip declared categorical. */
    private Encoding trained(Encoding.Missing policy) {
        return read("train.csv", TRAIN, reader().missing(policy).categoricalColumns(List.of("zip"))).dataset().encoding();
    }

    @Test
    void textColumnsAreDetectedAndOneHotEncodedInSortedOrder() {
        Dataset d = read("t.csv", "x,colour\n1,red\n2,blue\n3,red\n", CsvReader.builder()).dataset();
        assertArrayEquals(new String[] {"x", "colour=blue", "colour=red"}, d.featureNames());
        assertArrayEquals(new float[] {1, 0, 1, 2, 1, 0, 3, 0, 1}, d.features());
        Encoding e = d.encoding();
        assertEquals(Encoding.Missing.ERROR, e.missing());
        assertEquals(List.of("colour"), e.categoricalColumns());
        assertEquals(List.of("x", "colour"), e.columnNames());
        assertEquals(3, e.dim());
    }

    @Test
    void aTableOfNumbersHasNoEncoding() {
        Dataset d = CsvReader.readDefault(TestFiles.text(dir, "n.csv", "x,y\n1,2\n3,4\n")).dataset();
        assertNull(d.encoding());
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.features());
    }

    @Test
    void declaredCategoricalColumnKeepsTheSpellingOfItsNumbers() {
        Dataset d = read("t.csv", "id,zip\na,20\nb,010\nc,20\n", reader().categoricalColumns(List.of("zip"))).dataset();
        assertArrayEquals(new String[] {"zip=010", "zip=20"}, d.featureNames());
        assertArrayEquals(new float[] {0, 1, 1, 0, 0, 1}, d.features());
    }

    @Test
    void textAfterNumbersIsReadAgainAsCategories() {
        // the column starts with a number; its later cells are words: all its cells become categories, "10" spelt as in the file
        Dataset d = read("t.csv", "id,size\na,10\nb,S\nc,M\nd,L\ne,S\n", reader()).dataset();
        assertArrayEquals(new String[] {"size=10", "size=L", "size=M", "size=S"}, d.featureNames());
        assertArrayEquals(new float[] {1, 0, 0, 0}, d.row(0));
        assertArrayEquals(new float[] {0, 0, 0, 1}, d.row(4));
    }

    @Test
    void columnsOfMissingCellsThenTextAreText() {
        Dataset d = read("t.csv", "id,v\na,\nb,x\nc,y\n", reader().missing(Encoding.Missing.MODE)).dataset();
        assertArrayEquals(new String[] {"v=x", "v=y"}, d.featureNames());
        assertArrayEquals(new float[] {1, 0}, d.row(0), "filled with the mode (x and y tie: the smaller)");
    }

    @Test
    void categoricalColumnMustBeAFeatureColumn() {
        Path f = TestFiles.text(dir, "t.csv", "id,x,label\na,1,0\nb,2,1\n");
        assertEquals("t.csv: categorical column \"colour\" not found; available columns: \"id\", \"x\", \"label\"",
                assertThrows(DataException.class, () -> reader().categoricalColumns(List.of("colour")).build().read(f)).getMessage());
        assertEquals("t.csv: categorical column \"label\" is not a feature column (it is the label column)",
                assertThrows(DataException.class, () -> reader().labelColumn("label").categoricalColumns(List.of("label"))
                        .build().read(f)).getMessage());
        assertEquals("t.csv: categorical column \"x\" is not a feature column",
                assertThrows(DataException.class, () -> reader().featureColumns(List.of("label")).categoricalColumns(List.of("x"))
                        .build().read(f)).getMessage());
    }

    @Test
    void missingCellsAreRefusedByDefaultNamingTheFirst() {
        MissingCellException e = assertThrows(MissingCellException.class, () -> read("t.csv", TRAIN, reader()));
        assertEquals("t.csv row 4, column \"size\": missing cell (\"NA\")", e.cell());
        // every pandas NA spelling and NaN in any case count as missing
        for (String na : List.of("", "NA", "N/A", "null", "NULL", "None", "nan", "NAN", "-NaN", "#N/A", "<NA>")) {
            String csv = "x,y\n1,2\n3," + (na.isEmpty() ? "" : "\"" + na + "\"") + "\n";
            assertThrows(MissingCellException.class, () -> CsvReader.readDefault(TestFiles.text(dir, "na.csv", csv)), na);
        }
    }

    @Test
    void dropRemovesRowsWithAMissingCellAndKeepsTheirIds() {
        CsvReader.Result r = read("t.csv", TRAIN, reader().missing(Encoding.Missing.DROP));
        Dataset d = r.dataset();
        assertEquals(4, d.size());
        assertArrayEquals(new String[] {"a", "b", "c", "e"}, d.ids());
        // green was only in the dropped row: the categories are those of the rows kept
        assertEquals(List.of("blue", "red"), d.encoding().columns().get(1).categories());
        assertEquals(List.of("t.csv: dropped 1 of 5 rows with a missing cell"), r.warnings());
        // without an id column the ids are the rows' indices in the file
        Dataset noIds = CsvReader.builder().missing(Encoding.Missing.DROP).build()
                .read(TestFiles.text(dir, "u.csv", "x\n1\n2\nNA\n3\n")).dataset();
        assertArrayEquals(new String[] {"0", "1", "3"}, noIds.ids());
    }

    /*
     * The fill values of scikit-learn's SimpleImputer (computed by hand, not run here):
     * strategy="mean" on [1.5, 2.5, 3.5, nan, 4.5] gives 3; strategy="most_frequent" on
     * [red, blue, red, green, red] gives red.
     */
    @Test
    void meanFillsNumbersWithTheTrainingMeanAndCategoriesWithTheMode() {
        Dataset d = read("t.csv", TRAIN.replace("d,NA,green", "d,NA,"), reader().missing(Encoding.Missing.MEAN)).dataset();
        Encoding e = d.encoding();
        assertEquals(3.0, e.columns().get(0).fill());
        assertEquals("red", e.columns().get(1).fillCategory());
        assertArrayEquals(new String[] {"size", "colour=blue", "colour=red", "zip"}, d.featureNames());
        assertArrayEquals(new float[] {3, 0, 1, 10}, d.row(3));
    }

    @Test
    void modeFillsNumbersWithTheMostFrequentValueTheSmallestOfATie() {
        Dataset d = read("t.csv", "id,v\na,2\nb,1\nc,\nd,2\ne,1\n", reader().missing(Encoding.Missing.MODE)).dataset();
        assertEquals(1.0, d.encoding().columns().get(0).fill());
        assertArrayEquals(new float[] {2, 1, 1, 2, 1}, d.features());
    }

    @Test
    void aSavedEncodingGivesTheTrainingFeaturesInTheTrainingOrder() {
        Encoding e = trained(Encoding.Missing.MEAN);
        assertEquals(List.of("size", "colour=blue", "colour=green", "colour=red", "zip=10", "zip=20", "zip=30"), e.featureNames());
        // other rows, the columns in another order, a missing size filled with the training mean 3 (not 3.5, this file's)
        String other = "zip,colour,id,size\n10,green,p,\n20,blue,q,3.5\n";
        CsvReader.Result r = read("new.csv", other, reader().encoding(e));
        Dataset d = r.dataset();
        assertArrayEquals(e.featureNames().toArray(), d.featureNames());
        assertArrayEquals(new float[] {3, 0, 1, 0, 1, 0, 0}, d.row(0));
        assertArrayEquals(new float[] {3.5f, 1, 0, 0, 0, 1, 0}, d.row(1));
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
        assertSame(e, d.encoding());
    }

    @Test
    void anUnseenCategoryIsAllZerosWithOneWarningCountingTheRows() {
        Encoding e = trained(Encoding.Missing.DROP);
        // green was only in the dropped row
        assertEquals(List.of("size", "colour=blue", "colour=red", "zip=10", "zip=20", "zip=30"), e.featureNames());
        CsvReader.Result r = read("new.csv", "id,size,colour,zip\np,1,purple,10\nq,2,red,99\nr,3,pink,99\ns,4,blue,10\n",
                reader().encoding(e));
        assertArrayEquals(new float[] {1, 0, 0, 1, 0, 0}, r.dataset().row(0), "purple: no colour");
        assertArrayEquals(new float[] {2, 0, 1, 0, 0, 0}, r.dataset().row(1), "zip 99: no zip");
        assertArrayEquals(new float[] {4, 1, 0, 1, 0, 0}, r.dataset().row(3));
        assertEquals(List.of("new.csv: 3 rows with a category not seen in training (\"colour\": 2 rows, \"zip\": 2 rows),"
                + " encoded as all zeros"), r.warnings());
    }

    @Test
    void theFileMustHoldExactlyTheModelsColumns() {
        Encoding e = trained(Encoding.Missing.DROP);
        DataException missing = assertThrows(DataException.class,
                () -> read("new.csv", "id,size,zip\np,1,10\n", reader().encoding(e)));
        assertEquals("new.csv: feature column \"colour\" of the model not found; available columns: \"id\", \"size\", \"zip\"",
                missing.getMessage());
        DataException extra = assertThrows(DataException.class,
                () -> read("new.csv", "id,size,colour,zip,label\np,1,red,10,3\n", reader().encoding(e)));
        assertEquals("new.csv: column \"label\" is not a feature of the model (its features: \"size\", \"colour\", \"zip\");"
                + " leave it out of the feature columns", extra.getMessage());
        // named as the label column, it is not a feature
        assertEquals(1, read("new.csv", "id,size,colour,zip,label\np,1,red,10,3\n", reader().encoding(e).labelColumn("label"))
                .dataset().size());
        DataException cats = assertThrows(DataException.class,
                () -> read("new.csv", "id,size,colour,zip\np,1,red,10\n", reader().encoding(e).categoricalColumns(List.of("colour"))));
        assertEquals("new.csv: categorical columns \"colour\" differ from the model's (\"colour\", \"zip\")", cats.getMessage());
        // text in a column the model read as numbers stays an error
        DataException text = assertThrows(DataException.class,
                () -> read("new.csv", "id,size,colour,zip\np,big,red,10\n", reader().encoding(e)));
        assertEquals("new.csv row 1, column \"size\": not a number: \"big\"", text.getMessage());
    }

    @Test
    void missingPolicyAtScoringTimeMayDropButFillsOnlyWithTrainingValues() {
        Encoding mean = trained(Encoding.Missing.MEAN);
        Encoding dropping = mean.withMissing(Encoding.Missing.DROP);
        assertNull(dropping.columns().get(0).fill());
        assertEquals(1, read("new.csv", "id,size,colour,zip\np,,red,10\nq,2,red,10\n", reader().encoding(mean)
                .missing(Encoding.Missing.DROP)).dataset().size());
        Encoding refusing = read("train.csv", TRAIN.replace("NA", "1"), reader().categoricalColumns(List.of("zip"))).dataset().encoding();
        assertEquals(Encoding.Missing.ERROR, refusing.missing());
        DataException e = assertThrows(DataException.class, () -> refusing.withMissing(Encoding.Missing.MEAN));
        assertEquals("missing-cell policy mean needs fill values fitted in training, but the model was trained with policy error",
                e.getMessage());
        assertThrows(MissingCellException.class, () -> read("new.csv", "id,size,colour,zip\np,,red,10\n", reader().encoding(refusing)));
    }

    @Test
    void everyRowDroppedIsAnError() {
        assertEquals("t.csv: every row has a missing cell; no row is left after dropping them",
                assertThrows(DataException.class, () -> read("t.csv", "id,x,y\na,1,\nb,,2\n", reader().missing(Encoding.Missing.DROP)))
                        .getMessage());
        assertEquals("t.csv: column \"y\" has no values (every cell is missing)",
                assertThrows(DataException.class, () -> read("t.csv", "id,x,y\na,1,\nb,2,\n", reader().missing(Encoding.Missing.MEAN)))
                        .getMessage());
    }

    @Test
    void decodeGivesNumbersAndTheMostLikelyCategory() {
        Encoding e = trained(Encoding.Missing.MEAN);
        // size, colour=blue, colour=green, colour=red, zip=10, zip=20, zip=30
        Map<String, Object> row = e.decode(new float[] {2.25f, 0.1f, 0.7f, 0.2f, 0.3f, 0.3f, 0.4f});
        assertEquals(Map.of("size", 2.25, "colour", "green", "zip", "30"), row);
        assertEquals(List.of("size", "colour", "zip"), List.copyOf(row.keySet()));
    }

    @Test
    void survivesAJsonRoundTripAndRejectsInconsistentState() throws Exception {
        Encoding e = trained(Encoding.Missing.MEAN);
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(e);
        assertTrue(text.startsWith("{\"missing\":\"mean\",\"columns\":[{\"name\":\"size\",\"fill\":3.0},"), text);
        assertTrue(text.contains("{\"name\":\"colour\",\"categories\":[\"blue\",\"green\",\"red\"],\"fill_category\":\"red\"}"), text);
        assertEquals(e, json.readValue(text, Encoding.class));
        assertThrows(Exception.class, () -> json.readValue(text.replace("\"blue\",\"green\"", "\"green\",\"blue\""), Encoding.class));
        assertThrows(Exception.class, () -> json.readValue(text.replace("\"mean\"", "\"drop\""), Encoding.class));
        assertThrows(Exception.class, () -> json.readValue(text.replace("\"mean\"", "\"median\""), Encoding.class));
        assertThrows(IllegalArgumentException.class, () -> new Encoding(Encoding.Missing.ERROR,
                List.of(new Encoding.Column("a", null, null, null), new Encoding.Column("a", null, null, null))));
    }

    @Test
    void numericEncodingReadsNamedNumberColumns() {
        Encoding e = Encoding.numeric(List.of("y", "x"));
        Dataset d = CsvReader.builder().encoding(e).build().read(TestFiles.text(dir, "n.csv", "x,y\n1,2\n3,4\n")).dataset();
        assertArrayEquals(new float[] {2, 1, 4, 3}, d.features());
        assertArrayEquals(new String[] {"y", "x"}, d.featureNames());
        assertFalse(e.columns().get(0).categorical());
        assertEquals("no categorical columns into 2 features; missing cells: error", e.describe());
    }

    @Test
    void loaderPassesTheOptionsOnAndRefusesThemForArrays() {
        Path csv = TestFiles.text(dir, "t.csv", TRAIN);
        DataLoader.Loaded l = DataLoader.load(csv, DataLoader.Options.defaults().withIdColumn("id")
                .withCategoricalColumns(List.of("zip")).withMissing(Encoding.Missing.DROP));
        assertEquals(List.of("colour", "zip"), l.train().encoding().categoricalColumns());
        assertEquals(1, l.warnings().size());
        assertEquals(l.train().encoding(), DataLoader.load(csv, DataLoader.Options.defaults().withIdColumn("id")
                .withEncoding(l.train().encoding())).train().encoding());
        Path npy = TestFiles.write(dir, "x.npy", TestFiles.npy(1, "<f4", false, new long[] {1, 2}, TestFiles.f4(1, 2)));
        DataException e = assertThrows(DataException.class,
                () -> DataLoader.load(npy, DataLoader.Options.defaults().withMissing(Encoding.Missing.MEAN)));
        assertTrue(e.getMessage().contains("apply only to CSV input"), e.getMessage());
    }
}
