package org.softcluster.cli;

import ai.djl.engine.Engine;

import java.util.LinkedHashMap;
import java.util.Map;

/** Describes the deep-learning engine in use (for provenance and --version). */
final class Engines {
    private Engines() { }

    /** Restores PyTorch's threads per operation when closed. */
    interface Threads extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Sets PyTorch's threads per operation (its process-wide set_num_threads) to {@code n} until the returned
     * handle is closed, when {@code n} &gt; 0 and the variable OMP_NUM_THREADS does not say otherwise; 0 keeps the
     * engine's setting. Closing restores the previous count, so one command's choice never leaks into the next in
     * the same JVM (tests, a library user's application).
     */
    static Threads threads(int n) {
        if (n <= 0 || System.getenv("OMP_NUM_THREADS") != null) return () -> { };
        Engine.getEngine("PyTorch");   // loads the native library first
        int previous = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        ai.djl.pytorch.jni.JniUtils.setNumThreads(n);
        return () -> ai.djl.pytorch.jni.JniUtils.setNumThreads(previous);
    }

    static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            Engine e = Engine.getInstance();
            m.put("engine", e.getEngineName());
            m.put("engine_version", e.getVersion());
            m.put("djl_version", Engine.getDjlVersion());
            m.put("device", e.defaultDevice().toString());
        } catch (RuntimeException ex) {
            m.put("engine", "unavailable: " + ex.getMessage());
        }
        return m;
    }
}
