package org.softcluster.data;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

/**
 * The records of one CSV file, read by the rules that every engine shares — {@link CsvReader} in one process, the
 * Spark module on its executors — so that a file means the same rows wherever it is read: UTF-8, gzip detected from
 * the content (not the name), a byte order mark skipped, RFC 4180 quoting (a quoted cell may hold the delimiter, a
 * doubled quote or a line break), every cell trimmed of spaces and control characters, empty lines skipped; the first
 * record is the header (every name non-empty; scikit-learn's bundled form becomes {@code x0..x{d-1},target}) and every
 * later record must have as many cells. Problems are {@link DataException}s of one line naming the file and the row.
 */
public final class CsvRecords implements Iterator<String[]>, Closeable {
    private final String fname;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final String[] header;
    private int row;

    private CsvRecords(String fname, CSVParser parser) {
        this.fname = fname;
        this.parser = parser;
        this.records = parser.iterator();
        if (!hasNext()) throw new DataException(fname + ": empty file (a header row is required)");
        this.header = CsvHeader.sklearnBundledHeader(CsvHeader.names(fname, nextRecord()));
    }

    /** Opens a local file; its name (without directories) names it in messages. */
    public static CsvRecords open(Path file, char delimiter) {
        DataFiles.requireFile(file);
        try {
            return open(DataFiles.name(file), Files.newInputStream(file), delimiter);
        } catch (IOException e) {
            throw unreadable(DataFiles.name(file), e);
        }
    }

    /**
     * Reads a stream (a file of any file system: the Spark module opens HDFS or S3 files so) and its header row; the
     * stream is closed with this reader, or at once when the header cannot be read.
     *
     * @param fname the name that messages give the file
     * @param delimiter ',' for CSV, '\t' for TSV
     */
    public static CsvRecords open(String fname, InputStream in, char delimiter) {
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(delimiter)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get();
        CSVParser parser = null;
        try {
            BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
            InputStream content = isGzip(buffered) ? new GZIPInputStream(buffered, 1 << 16) : buffered;
            parser = format.parse(CsvHeader.skipBom(new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8))));
            return new CsvRecords(fname, parser);
        } catch (IOException | RuntimeException e) {
            try {
                if (parser != null) parser.close();
                else in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof DataException d) throw d;
            throw unreadable(fname, e);
        }
    }

    /** The name messages give the file. */
    public String name() {
        return fname;
    }

    /** The column names of the header row (scikit-learn's bundled header already turned into names). */
    public String[] header() {
        return header.clone();
    }

    /** The 1-based data row of the record last returned by {@link #next} (the row after the header is row 1). */
    public int row() {
        return row;
    }

    /** Whether another data record follows. */
    @Override
    public boolean hasNext() {
        try {
            return records.hasNext();
        } catch (UncheckedIOException e) {
            throw unreadable(fname, e);
        }
    }

    /** The next data record's cells, as many as the header has names. */
    @Override
    public String[] next() {
        CSVRecord record = nextRecord();
        row++;
        if (record.size() != header.length) {
            throw new DataException(fname + " row " + row + ": expected " + header.length + " cells as in the header, found "
                    + record.size());
        }
        return record.values();
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private CSVRecord nextRecord() {
        if (!hasNext()) throw new NoSuchElementException(fname + ": no more records");
        try {
            return records.next();
        } catch (UncheckedIOException e) {
            throw unreadable(fname, e);
        }
    }

    /** Whether the stream starts with the gzip magic bytes 1f 8b (read ahead, then reset). */
    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return gzip;
    }

    // commons-csv reports malformed quoting as an IOException, wrapped when it happens while iterating
    private static DataException unreadable(String fname, Exception e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        return new DataException(fname + ": malformed CSV or unreadable file: " + cause.getMessage(), e);
    }
}
