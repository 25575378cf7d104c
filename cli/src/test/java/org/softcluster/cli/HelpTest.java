package org.softcluster.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.softcluster.data.Scaler;
import org.softcluster.neural.vade.VadeConfig;
import org.softcluster.neural.vade.VadePresets;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --help} of every subcommand, through {@link Main#run(PrintWriter, PrintWriter, String...)} as in
 * {@link CliTest}: exit 0, no picocli warning (a stray {@code %} in a description makes picocli print
 * "[picocli WARN] Could not format ..."), every default shown, and every word an option accepts listed.
 */
class HelpTest {

    /** An exit code and what was printed. */
    record Help(int code, String text) { }

    /** The subcommand names registered in {@link Main}. */
    static List<String> subcommands() {
        return List.copyOf(new CommandLine(new Main()).getSubcommands().keySet());
    }

    /** What went to {@code System.err} (where picocli prints its warnings) while {@code action} ran, and its exit code. */
    static Help traced(IntSupplier action) {
        // picocli's tracer prints to the System.err of the moment of each warning, not to the command's error writer
        assertTrue(CommandLine.tracer().isWarn(), "picocli's trace level must let warnings through for this test to see them");
        PrintStream saved = System.err;
        ByteArrayOutputStream traced = new ByteArrayOutputStream();
        int code;
        try (PrintStream capture = new PrintStream(traced, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            code = action.getAsInt();
        } finally {
            System.setErr(saved);
        }
        return new Help(code, traced.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code path... --help}; the text is stdout, stderr and picocli's warnings together. */
    static Help help(String... path) {
        String[] args = Arrays.copyOf(path, path.length + 1);
        args[path.length] = "--help";
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Help t = traced(() -> Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args));
        return new Help(t.code(), out + err.toString() + t.text());
    }

    @Test
    void theCaptureSeesAPicocliWarning() {
        // the capture in help(...) must catch what picocli prints for a stray '%', as the augmentation help had
        @CommandLine.Command(name = "bad", mixinStandardHelpOptions = true)
        final class Bad implements Runnable {
            @CommandLine.Option(names = "--x", description = "shifted (up to 10 %) copies")
            int x;

            @Override
            public void run() { }
        }
        Help h = traced(() -> {
            new CommandLine(new Bad()).usage(new PrintWriter(new StringWriter(), true));
            return 0;
        });
        assertTrue(h.text().contains("[picocli WARN] Could not format"), h.text());
    }

    @Test
    void everySubcommandHelpExitsZeroWithoutWarnings() {
        List<String> names = subcommands();
        assertTrue(names.containsAll(List.of("quickstart", "fetch", "train", "assign", "prototypes", "uncertain", "sweep",
                "compare", "report", "bench", "embed", "baseline", "evaluate", "help")), names.toString());
        List<Executable> checks = new ArrayList<>();
        List<String[]> paths = new ArrayList<>();
        paths.add(new String[0]);
        for (String n : names) paths.add(new String[] {n});
        for (String[] path : paths) {
            Help h = help(path);
            String what = "softcluster " + String.join(" ", path) + " --help";
            checks.add(() -> assertEquals(0, h.code(), what + ":\n" + h.text()));
            checks.add(() -> assertTrue(h.text().contains("Usage: softcluster"), what + ":\n" + h.text()));
            checks.add(() -> assertFalse(h.text().contains("WARN"), what + ":\n" + h.text()));
        }
        assertAll(checks);
    }

    @Test
    void everyDefaultValueIsShown() {
        List<Executable> checks = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : new CommandLine(new Main()).getSubcommands().entrySet()) {
            Help h = help(e.getKey());
            for (OptionSpec o : e.getValue().getCommandSpec().options()) {
                if (o.defaultValue() == null) continue;
                checks.add(() -> assertTrue(h.text().contains("Default: " + o.defaultValue()),
                        e.getKey() + " " + o.longestName() + " should show 'Default: " + o.defaultValue() + "':\n" + h.text()));
            }
        }
        assertFalse(checks.isEmpty());
        assertAll(checks);
    }

    @Test
    void trainHelpListsUmapForInitAndShowsDefaults() {
        Help h = help("train");
        assertEquals(0, h.code(), h.text());
        String init = h.text().lines().filter(l -> l.strip().startsWith("--init=")).findFirst().orElse("");
        assertTrue(init.contains("umap"), "--init should list umap:\n" + h.text());
        assertTrue(h.text().contains("Default:"), h.text());
        assertTrue(h.text().contains("Default: auto"), "--preset's default:\n" + h.text());
        assertTrue(h.text().contains("Default: stop"), "--on-nan's default:\n" + h.text());
        assertFalse(h.text().contains("WARN"), h.text());
    }

    /** Every word an option's label offers is accepted, and every accepted word is offered. */
    @Test
    void wordOptionsListExactlyTheAcceptedWords() {
        Map<String, Function<String, Object>> parsers = new LinkedHashMap<>();
        parsers.put("--init", VadeConfig.MixtureInit::parse);
        parsers.put("--selection", VadeConfig.Selection::parse);
        parsers.put("--coupling", VadeConfig.Coupling::parse);
        parsers.put("--distill-direction", VadeConfig.DistillDirection::parse);
        parsers.put("--likelihood", VadeConfig.Likelihood::parse);
        parsers.put("--variance", VadeConfig.VarianceMode::parse);
        parsers.put("--branch-gradient", VadeConfig.BranchGradient::parse);
        parsers.put("--pretrain-loss", VadeConfig.PretrainLoss::parse);
        parsers.put("--augment", VadeConfig.Augment::parse);
        parsers.put("--scale", Scaler.Method::parse);
        Map<String, Object[]> constants = Map.of("--init", VadeConfig.MixtureInit.values(),
                "--selection", VadeConfig.Selection.values(), "--coupling", VadeConfig.Coupling.values(),
                "--distill-direction", VadeConfig.DistillDirection.values(), "--likelihood", VadeConfig.Likelihood.values(),
                "--variance", VadeConfig.VarianceMode.values(), "--branch-gradient", VadeConfig.BranchGradient.values(),
                "--pretrain-loss", VadeConfig.PretrainLoss.values(), "--augment", VadeConfig.Augment.values(),
                "--scale", Scaler.Method.values());
        CommandLine.Model.CommandSpec train = new CommandLine(new Main()).getSubcommands().get("train").getCommandSpec();
        List<Executable> checks = new ArrayList<>();
        for (Map.Entry<String, Function<String, Object>> e : parsers.entrySet()) {
            OptionSpec o = train.findOption(e.getKey());
            assertNotNull(o, e.getKey());
            Set<String> offered = new TreeSet<>(List.of(o.paramLabel().split("\\|")));
            Set<String> accepted = new TreeSet<>();
            for (Object c : constants.get(e.getKey())) {
                accepted.add(((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            for (String w : offered) checks.add(() -> assertNotNull(e.getValue().apply(w), e.getKey() + " " + w));
            checks.add(() -> assertEquals(accepted, offered, e.getKey() + " label " + o.paramLabel()));
        }
        Set<String> methods = new TreeSet<>(List.of(train.findOption("--method").paramLabel().split("\\|")));
        Set<String> knownMethods = new TreeSet<>(List.of("dec"));
        for (VadeConfig.Method m : VadeConfig.Method.values()) knownMethods.add(m.name().toLowerCase(Locale.ROOT));
        checks.add(() -> assertEquals(knownMethods, methods, "--method"));
        Set<String> presets = new TreeSet<>(List.of(train.findOption("--preset").paramLabel().split("\\|")));
        checks.add(() -> assertTrue(presets.contains(ModelOptions.AUTO), "--preset offers auto: " + presets));
        for (String p : presets) {
            if (!p.equals(ModelOptions.AUTO)) checks.add(() -> assertNotNull(VadePresets.preset(p), "--preset " + p));   // auto is derived from data
        }
        assertAll(checks);
    }
}
