package org.softcluster.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;

/** The project's JSON settings (indented, stable key order) and atomic JSON writes. */
public final class Json {
    /** The shared mapper. */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() { }

    /** Serialises a value to indented JSON text. */
    public static String toString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An insertion-ordered map of alternating keys and values ({@code "n", n, "k", k, ...}): the rows and
     * records written to JSON and CSV keep their column order.
     */
    public static java.util.Map<String, Object> ordered(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) throw new IllegalArgumentException("keys and values must pair up");
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }

    /** Writes a value as JSON, atomically. */
    public static void write(Path target, Object value) throws IOException {
        AtomicFiles.writeString(target, toString(value) + "\n");
    }
}
