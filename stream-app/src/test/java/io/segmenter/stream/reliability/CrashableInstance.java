package io.segmenter.stream.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code segmenter run} in a child JVM (the test classpath, the production entry point) that a test
 * can kill with SIGKILL: no shutdown hook, no close, no commit, an open transaction left behind,
 * as when a container is OOM-killed or a node dies. Its output goes to a log file.
 */
final class CrashableInstance implements AutoCloseable {

    private final Process process;
    private final Path log;

    private CrashableInstance(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code segmenter run} with each of {@code settings} as a {@code --set}. */
    static CrashableInstance start(Map<String, String> settings, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
                "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0",
                "-cp", System.getProperty("java.class.path"),
                "io.segmenter.stream.cli.SegmenterCli", "run"));
        settings.forEach((key, value) -> {
            command.add("--set");
            command.add(key + "=" + value);
        });
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // the child reads SEGMENTER_* / KAFKA_* from its environment: only the settings given here count
        builder.environment().keySet().removeIf(name -> name.startsWith("SEGMENTER_") || name.startsWith("KAFKA_"));
        builder.environment().put("OMP_NUM_THREADS", "1");
        return new CrashableInstance(builder.start(), log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("child JVM " + process.pid() + " did not die after SIGKILL");
        }
    }

    /** The last {@code lines} lines of the child's output, for failure messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
