package org.softcluster.neural;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README's library example, compiled and run as written: the Java block after the line
 * {@value #MARKER} must be at most {@value #MAX_LINES} lines, compile against the modules with the imports
 * the README names, and run on a table of three blobs (its {@code rows}), saving to a temporary directory
 * instead of {@code my-model}. What it prints — the first row's soft assignment before saving and after
 * loading — must be one probability vector, twice the same.
 */
class ReadmeExampleTest {
    static final String MARKER = "<!-- library example: compiled and run by ReadmeExampleTest -->";
    static final int MAX_LINES = 10;
    static final String IMPORTS = """
            import org.softcluster.data.*;
            import org.softcluster.neural.*;
            import org.softcluster.neural.vade.*;
            import java.nio.file.Path;
            import java.util.Arrays;
            """;

    static String example() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        int at = readme.indexOf(MARKER);
        assertTrue(at >= 0, "README.md has no library example marker");
        int start = readme.indexOf("```java\n", at);
        assertTrue(start >= 0, "no ```java block after the marker");
        start += "```java\n".length();
        int end = readme.indexOf("```", start);
        return readme.substring(start, end);
    }

    static double[][] rows() {
        Random r = new Random(3);
        double[][] rows = new double[120][3];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < 3; j++) rows[i][j] = (j == i % 3 ? 8 : 0) + r.nextGaussian();
        }
        return rows;
    }

    @Test
    void readmeLibraryExampleCompilesAndRuns(@TempDir Path tmp) throws Exception {
        String code = example();
        long lines = code.lines().filter(l -> !l.isBlank()).count();
        assertTrue(lines <= MAX_LINES, "README's library example has " + lines + " lines, at most " + MAX_LINES);
        assertTrue(code.contains("\"my-model\""), "the example saves to \"my-model\"");
        Path saveTo = tmp.resolve("my-model");
        String body = code.replace("\"my-model\"", "\"" + saveTo.toString().replace("\\", "\\\\") + "\"");
        String source = IMPORTS + "public class ReadmeExample {\n"
                + "    public static void run(double[][] rows) throws Exception {\n" + body + "    }\n}\n";
        Path src = tmp.resolve("ReadmeExample.java");
        Files.writeString(src, source);
        Path classes = Files.createDirectories(tmp.resolve("classes"));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-classpath", classPath(), "-d", classes.toString(), src.toString());
        assertEquals(0, rc, "README's example does not compile:\n" + diagnostics.toString(StandardCharsets.UTF_8) + "\n" + source);

        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Method run = loader.loadClass("ReadmeExample").getMethod("run", double[][].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            run.invoke(null, (Object) rows());
        } finally {
            System.setOut(out);
        }
        assertTrue(Files.isRegularFile(saveTo.resolve(ModelFiles.MODEL_FILE)), "the example saves a model");
        List<String> lines2 = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines2.size(), "the example prints two lines: " + lines2);
        assertEquals(lines2.get(0), lines2.get(1), "the loaded model scores the first row as the fitted one");
        double[] p = parse(lines2.get(0));
        assertEquals(3, p.length);
        double sum = 0;
        for (double v : p) {
            assertTrue(v >= 0 && v <= 1, lines2.get(0));
            sum += v;
        }
        assertEquals(1.0, sum, 1e-5);
    }

    private static double[] parse(String arraysToString) {
        String s = arraysToString.strip();
        assertTrue(s.startsWith("[") && s.endsWith("]"), "expected Arrays.toString output, got " + s);
        String[] parts = s.substring(1, s.length() - 1).split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) out[i] = Double.parseDouble(parts[i].strip());
        return out;
    }

    /** The test class path (surefire hands it over in a manifest-only jar, so it is rebuilt from the class loader). */
    private static String classPath() {
        List<String> parts = new ArrayList<>();
        String surefire = System.getProperty("surefire.test.class.path");
        if (surefire != null && !surefire.isBlank()) return surefire;
        for (String p : System.getProperty("java.class.path").split(File.pathSeparator)) parts.add(p);
        return String.join(File.pathSeparator, parts);
    }
}
