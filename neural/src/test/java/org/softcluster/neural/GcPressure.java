package org.softcluster.neural;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/** Forces the garbage collector to free unreachable direct buffers (the memory DJL's Java-side tensors live in). */
public final class GcPressure {
    private GcPressure() { }

    private static BufferPoolMXBean directPool() {
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) return b;
        }
        throw new IllegalStateException("no 'direct' buffer pool");
    }

    /**
     * Runs {@code System.gc()} until the number of live direct buffers drops (their Cleaners ran), at
     * most 50 times; returns how many buffers were freed (0 when none was unreachable).
     */
    public static long freeDirectBuffers() {
        BufferPoolMXBean pool = directPool();
        long before = pool.getCount();
        for (int i = 0; i < 50; i++) {
            System.gc();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (pool.getCount() < before) break;
        }
        return Math.max(0, before - pool.getCount());
    }
}
