package org.tsnlat.run;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;

/** Bytes the calling thread has allocated so far (HotSpot's per-thread counter; no allocation). */
final class AllocationMeter {
    private static final ThreadMXBean MX = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationMeter() {}

    static long current() {
        return MX.getCurrentThreadAllocatedBytes();
    }
}
