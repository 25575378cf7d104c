package org.softcluster.cli;

import ai.djl.engine.Engine;

import java.util.LinkedHashMap;
import java.util.Map;

/** Describes the deep-learning engine in use (for provenance and --version). */
final class Engines {
    private Engines() { }

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
