package org.softcluster.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal reader for (already decompressed) tar streams: ustar, pax path records and GNU long
 * names, enough for npm package tarballs (package-private).
 */
final class TarReader {

    private static final int BLOCK = 512;

    /** Receives each regular file with a stream over exactly its content. */
    interface EntryHandler {
        /** Handles one regular-file entry; unread content is skipped afterwards. */
        void entry(String name, InputStream content) throws IOException;
    }

    private TarReader() { }

    /** Reads the archive, calling the handler for every regular file. */
    static void read(InputStream in, String archiveName, EntryHandler handler) throws IOException {
        byte[] header = new byte[BLOCK];
        String longName = null;
        while (true) {
            int r = in.readNBytes(header, 0, BLOCK);
            if (r == 0) return; // tolerate archives without the two zero end blocks
            if (r < BLOCK) throw new DataException(archiveName + ": truncated tar header");
            if (isZero(header)) return;
            checkChecksum(header, archiveName);
            String name = string(header, 0, 100);
            // Only POSIX ustar ("ustar\0") has a name prefix at 345; old GNU headers ("ustar  ") keep times there.
            if (string(header, 257, 6).equals("ustar") && header[262] == 0) {
                String prefix = string(header, 345, 155);
                if (!prefix.isEmpty()) name = prefix + "/" + name;
            }
            long size = number(header, 124, 12, archiveName);
            byte type = header[156];
            if (type == 'x' || type == 'L') {
                // Extended headers carry the real name of the next entry (long paths).
                if (size > 1 << 20) throw new DataException(archiveName + ": oversized tar extended header");
                byte[] data = in.readNBytes((int) size);
                if (data.length < size) throw new DataException(archiveName + ": truncated tar extended header");
                skip(in, padding(size), archiveName);
                String value = type == 'L' ? cString(data) : paxPath(data);
                if (value != null) longName = value;
                continue;
            }
            if (longName != null) {
                name = longName;
                longName = null;
            }
            if (name.startsWith("./")) name = name.substring(2);
            if (type == '0' || type == 0 || type == '7') {
                Bounded content = new Bounded(in, size);
                handler.entry(name, content);
                if (content.remaining > 0) skip(in, content.remaining, archiveName);
            } else {
                skip(in, size, archiveName);
            }
            skip(in, padding(size), archiveName);
        }
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static void skip(InputStream in, long n, String archiveName) throws IOException {
        try {
            in.skipNBytes(n);
        } catch (java.io.EOFException e) {
            throw new DataException(archiveName + ": truncated tar entry", e);
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private static void checkChecksum(byte[] h, String archiveName) {
        long stored = number(h, 148, 8, archiveName);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        if (sum != stored) throw new DataException(archiveName + ": corrupt tar header (checksum mismatch)");
    }

    private static String string(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] data) {
        return string(data, 0, data.length);
    }

    /** Octal (NUL/space padded), or base-256 when the high bit of the first byte is set. */
    private static long number(byte[] b, int off, int len, String archiveName) {
        if ((b[off] & 0x80) != 0) {
            long v = b[off] & 0x7f;
            for (int i = off + 1; i < off + len; i++) v = (v << 8) | (b[i] & 0xff);
            return v;
        }
        String s = string(b, off, len).strip();
        if (s.isEmpty()) return 0;
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new DataException(archiveName + ": corrupt tar header (bad number \"" + s + "\")");
        }
    }

    /** The "path" value of pax records ("LEN key=value\n"), or null. */
    private static String paxPath(byte[] data) {
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            while (space < data.length && data[space] != ' ') space++;
            if (space >= data.length) return null;
            int len;
            try {
                len = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                return null;
            }
            if (len <= 0 || pos + len > data.length) return null;
            String record = new String(data, space + 1, pos + len - space - 1, StandardCharsets.UTF_8);
            if (record.endsWith("\n")) record = record.substring(0, record.length() - 1);
            if (record.startsWith("path=")) return record.substring(5);
            pos += len;
        }
        return null;
    }

    /** A view of the next {@code remaining} bytes of the archive. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        long remaining;

        Bounded(InputStream in, long size) {
            this.in = in;
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) return -1;
            int b = in.read();
            if (b < 0) throw new java.io.EOFException("tar entry truncated");
            remaining--;
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (remaining <= 0) return -1;
            int r = in.read(buf, off, (int) Math.min(len, remaining));
            if (r < 0) throw new java.io.EOFException("tar entry truncated");
            remaining -= r;
            return r;
        }

        @Override
        public void close() {
            // The archive stream stays open for the following entries.
        }
    }
}
