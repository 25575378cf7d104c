package org.softcluster.neural.vade;

import java.util.Locale;

/** The words a user types for the configuration's enum settings ({@code "mse"}, {@code "pretrain"}), read back with a clear error. */
final class CliWords {
    private CliWords() { }

    /** Parses an enum constant from a CLI word (case-insensitive, '-' for '_'), with an error that lists the known words. */
    static <E extends Enum<E>> E parseEnum(Class<E> type, String what, String s) {
        String key = s == null ? "" : s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(key)) return e;
        }
        StringBuilder known = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            if (known.length() > 0) known.append(", ");
            known.append(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new IllegalArgumentException("unknown " + what + " '" + s + "' (known: " + known + ")");
    }
}
