package aedmae.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a run used, for the protocol card: enough to judge whether two timings compare.
 *
 * @param os           operating system name, version and architecture
 * @param cpuModel     CPU model name from {@code /proc/cpuinfo} ("unknown" elsewhere)
 * @param logicalCores processors available to the JVM
 * @param memoryBytes  physical memory from {@code /proc/meminfo} (-1 when unknown)
 * @param javaVersion  {@code java.version}
 * @param javaVm       JVM name and version
 * @param maxHeapBytes the JVM's maximum heap
 * @param device       the compute device the run used, as the trainer names it (e.g. "cpu", "cuda:0 NVIDIA H100")
 */
public record MachineInfo(String os, String cpuModel, int logicalCores, long memoryBytes, String javaVersion,
                          String javaVm, long maxHeapBytes, String device) {

    /** Describes this machine; {@code device} is the trainer's name for the compute device. */
    public static MachineInfo detect(String device) {
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
        String vm = System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version");
        return new MachineInfo(os, readCpuModel(), Runtime.getRuntime().availableProcessors(), readMemoryBytes(),
                System.getProperty("java.version"), vm, Runtime.getRuntime().maxMemory(), device);
    }

    private static String readCpuModel() {
        for (String line : readLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                int colon = line.indexOf(':');
                if (colon >= 0) return line.substring(colon + 1).strip();
            }
        }
        return "unknown";
    }

    private static long readMemoryBytes() {
        for (String line : readLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.substring(9).strip().split("\\s+");
                try {
                    return Long.parseLong(parts[0]) * 1024; // reported in kB
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.isReadable(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
