package io.segmenter.stream.bench;

import java.lang.management.ManagementFactory;

/** The machine and JVM a benchmark ran on, as the report records them. */
record MachineInfo(int cores, long memoryBytes, String os, String jvm, String jvmVersion, long maxHeapBytes,
                   String ompNumThreads, String javacppMaxPhysicalBytes, String gc) {

    static MachineInfo current() {
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
        String gc = String.join("+", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName).toList());
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), memory,
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version", System.getProperty("java.version")),
                Runtime.getRuntime().maxMemory(),
                String.valueOf(System.getenv("OMP_NUM_THREADS")),
                String.valueOf(System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes")), gc);
    }
}
