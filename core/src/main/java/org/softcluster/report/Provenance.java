package org.softcluster.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Where a result came from: software versions, the source commit, the machine and time, so any
 * number can be traced back and re-made (Tribuo's provenance idea, as a plain map).
 */
public final class Provenance {
    private Provenance() { }

    private static Properties buildProperties() {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/softcluster-version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // no build information: callers fall back to defaults
        }
        return p;
    }

    /** The softcluster version from the build, or "dev". */
    public static String version() {
        return buildProperties().getProperty("version", "dev");
    }

    /**
     * The git commit the running build was made from: recorded at build time by the launcher
     * (so a run that lasts while the tree moves on still names the code it ran), else the commit
     * of the tree in {@code softcluster.home} at run time, else "unknown".
     */
    public static String gitCommit() {
        String built = buildProperties().getProperty("commit", "");
        if (!built.isBlank() && !built.startsWith("${") && !built.equals("unknown")) return built;
        return treeCommit();
    }

    private static String treeCommit() {
        String home = System.getProperty("softcluster.home");
        if (home == null || !Files.isDirectory(Path.of(home, ".git"))) return "unknown";
        String head = run(home, "git", "rev-parse", "HEAD");
        if (head == null || head.isBlank()) return "unknown";
        String status = run(home, "git", "status", "--porcelain", "--untracked-files=no");
        return head.trim() + (status != null && !status.isBlank() ? "-dirty" : "");
    }

    private static String run(String dir, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(Path.of(dir).toFile()).redirectErrorStream(true).start();
            StringBuilder sb = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) sb.append(line).append('\n');
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            return sb.toString();
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    /** The environment part: versions, machine, time; extra entries are added by the caller. */
    public static Map<String, Object> environment() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("softcluster_version", version());
        m.put("git_commit", gitCommit());
        m.put("java_version", System.getProperty("java.version"));
        m.put("java_vendor", System.getProperty("java.vendor"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("created", Instant.now().toString());
        return m;
    }
}
