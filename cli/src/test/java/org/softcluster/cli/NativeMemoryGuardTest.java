package org.softcluster.cli;

import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.Test;
import org.softcluster.neural.Tensors;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fails the build when compiled main code of the neural and cli modules calls a DJL tensor method that ties
 * libtorch memory to a Java wrapper's life (issue 14, docs/robustness.md "Native memory lifetimes"):
 * a number-argument form of arithmetic ({@code mul(Number)}, {@code div}, {@code pow}, {@code maximum},
 * {@code minimum}, {@code add}, {@code sub} and their in-place forms), whose scalar autograd may keep after
 * the GC freed it, or {@code set(float[]/Buffer)}, {@code copyTo} and {@code intern}, which re-point storage
 * at Java buffers. {@link Tensors} is the one class allowed to call them. Every backward pass goes through
 * {@code Autograd.backward}, so that the GC-pressure hook of the training tests sees it. It reads the class
 * files' constant pools, so every call site counts, whatever the source looks like.
 */
class NativeMemoryGuardTest {
    private static final Set<String> OWNERS = Set.of("ai/djl/ndarray/NDArray", "ai/djl/ndarray/NDArrays",
            "ai/djl/pytorch/engine/PtNDArray", "ai/djl/ndarray/NDArrayAdapter", "ai/djl/ndarray/BaseNDManager");
    /** Number-argument methods that take no part in autograd (comparisons, quantiles). */
    private static final Set<String> HARMLESS_NUMBER_METHODS = Set.of("eq", "neq", "gt", "gte", "lt", "lte",
            "contentEquals", "percentile", "full");
    private static final String SAFE_SET = "(Lai/djl/ndarray/index/NDIndex;Lai/djl/ndarray/NDArray;)V";
    private static final Set<String> ALLOWED_CLASSES = Set.of("org/softcluster/neural/Tensors.class",
            "org/softcluster/neural/Autograd.class");

    @Test
    void mainCodeLeavesScalarsAndBufferWritesToTensors() throws Exception {
        List<String> violations = new ArrayList<>();
        int classes = 0;
        for (Path root : List.of(codeSource(Tensors.class), codeSource(Main.class))) {
            for (ClassBytes c : classFiles(root)) {
                classes++;
                if (ALLOWED_CLASSES.contains(c.name())) continue;
                for (String m : forbiddenCalls(c.bytes())) violations.add(c.name() + ": " + m);
            }
        }
        assertTrue(classes > 50, "found only " + classes + " main classes to check");
        assertEquals(List.of(), violations, "use org.softcluster.neural.Tensors instead (see its javadoc)");
    }

    @Test
    void theGuardSeesANumberMultiplyAndABufferWrite() throws IOException {
        Set<String> found = forbiddenCalls(bytesOf(Unsafe.class));
        assertTrue(found.contains("ai/djl/ndarray/NDArray.mul(Ljava/lang/Number;)Lai/djl/ndarray/NDArray;"), found.toString());
        assertTrue(found.contains("ai/djl/ndarray/NDArray.set([F)V"), found.toString());
        assertTrue(found.contains("ai/djl/ndarray/NDArray.maximum(Ljava/lang/Number;)Lai/djl/ndarray/NDArray;"), found.toString());
        assertTrue(found.contains("ai/djl/training/GradientCollector.backward(Lai/djl/ndarray/NDArray;)V"), found.toString());
        assertFalse(found.stream().anyMatch(s -> s.contains(".gt(")), found.toString());
        assertTrue(forbiddenCalls(bytesOf(Safe.class)).isEmpty());
    }

    /** What the guard must catch. */
    @SuppressWarnings("unused")
    private static final class Unsafe {
        static NDArray f(NDArray x) {
            try (var gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                gc.backward(x);
            }
            x.set(new float[] {1f});
            return x.mul(0.5f).maximum(0f).gt(1f);
        }
    }

    /** What it must let through. */
    @SuppressWarnings("unused")
    private static final class Safe {
        static NDArray f(NDArray x) {
            return Tensors.mul(x, 0.5f).mul(x).gt(1f);
        }
    }

    /** The DJL methods a class file references that the rule forbids, as owner.name(descriptor). */
    static Set<String> forbiddenCalls(byte[] classFile) throws IOException {
        Set<String> out = new TreeSet<>();
        for (String[] ref : methodRefs(classFile)) {
            String owner = ref[0];
            String name = ref[1];
            String desc = ref[2];
            if (owner.equals("ai/djl/training/GradientCollector") && name.equals("backward")) out.add(owner + "." + name + desc);
            if (!OWNERS.contains(owner)) continue;
            String params = desc.substring(1, desc.indexOf(')'));
            boolean bad = (params.contains("Ljava/lang/Number;") && !HARMLESS_NUMBER_METHODS.contains(name))
                    || (name.equals("set") && !desc.equals(SAFE_SET))
                    || name.equals("copyTo") || name.equals("intern");
            if (bad) out.add(owner + "." + name + desc);
        }
        return out;
    }

    /** Every Methodref and InterfaceMethodref of a class file's constant pool as {owner, name, descriptor}. */
    static List<String[]> methodRefs(byte[] classFile) throws IOException {
        return parse(classFile, null);
    }

    /** Every UTF-8 constant of a class file (class names, descriptors, signatures, strings). */
    static List<String> utf8Constants(byte[] classFile) throws IOException {
        List<String> out = new ArrayList<>();
        parse(classFile, out);
        return out;
    }

    private static List<String[]> parse(byte[] classFile, List<String> utf8Out) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classIndex = new int[count];
        int[][] nameAndType = new int[count][];
        List<int[]> refs = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7 -> classIndex[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 9 -> in.readInt();
                case 10, 11 -> refs.add(new int[] {in.readUnsignedShort(), in.readUnsignedShort()});
                case 12 -> nameAndType[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 17, 18 -> in.readInt();
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        if (utf8Out != null) {
            for (String u : utf8) if (u != null) utf8Out.add(u);
        }
        List<String[]> out = new ArrayList<>();
        for (int[] r : refs) {
            int[] nt = nameAndType[r[1]];
            out.add(new String[] {utf8[classIndex[r[0]]], utf8[nt[0]], utf8[nt[1]]});
        }
        return out;
    }

    record ClassBytes(String name, byte[] bytes) { }

    static Path codeSource(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The class files under a classes directory or inside a jar. */
    static List<ClassBytes> classFiles(Path root) throws IOException {
        List<ClassBytes> out = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    out.add(new ClassBytes(root.relativize(p).toString(), Files.readAllBytes(p)));
                }
            }
        } else {
            try (JarFile jar = new JarFile(root.toFile())) {
                for (JarEntry e : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                    try (InputStream in = jar.getInputStream(e)) {
                        out.add(new ClassBytes(e.getName(), in.readAllBytes()));
                    }
                }
            }
        }
        return out;
    }

    private static byte[] bytesOf(Class<?> c) throws IOException {
        String name = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
        try (InputStream in = c.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
