package org.softcluster.cli;

import ai.djl.engine.Engine;

import java.util.LinkedHashMap;
import java.util.Map;

/** Describes the deep-learning engine in use (for provenance and --version). */
final class Engines {
    private Engines() { }

    /**
     * Sets PyTorch's threads per operation for this process (its set_num_threads) when {@code n} &gt; 0 and the
     * variable OMP_NUM_THREADS does not say otherwise; 0 keeps the engine's default.
     */
    static void setThreads(int n) {
        if (n <= 0 || System.getenv("OMP_NUM_THREADS") != null) return;
        Engine.getEngine("PyTorch");   // loads the native library first
        ai.djl.pytorch.jni.JniUtils.setNumThreads(n);
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
