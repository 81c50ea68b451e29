package io.segmenter.stream.cli;

import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.stream.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code segmenter.jar}: one subcommand per way of running the service.
 *
 * <p>DL4J: {@code org.bytedeco.javacpp.maxPhysicalBytes} is set to 0 here unless given (JavaCPP's
 * physical-memory accounting roughly doubles the cost of a small native call). The number of
 * OpenMP threads can only come from the environment ({@code OMP_NUM_THREADS}, read when the native
 * library loads; ND4J's own setting did not take effect in 1.0.0-M2.1), so without it a WARN says
 * how to set it.
 */
@Command(name = "segmenter",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Real-time customer segmentation and fraud scoring on Kafka Streams.",
        footer = {"", "Run with OMP_NUM_THREADS=1 in the environment (OMP_NUM_THREADS=1 java -jar segmenter.jar ...):",
            "the scoring networks are small, and DL4J's OpenMP threads make each batch 3-10x slower when the cores are busy."},
        subcommands = {DemoCommand.class, RunCommand.class, ReplayCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class SegmenterCli {

    /** JavaCPP's setting for the cost of native calls; read when its classes load, so set before any DL4J use. */
    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

    public static void main(String[] args) {
        AvroTrustedPackages.trustGeneratedClasses();
        configureNativeThreads(System.getenv());
        System.exit(commandLine().execute(args));
    }

    /** Sets {@link #MAX_PHYSICAL_BYTES} unless given; warns when {@code OMP_NUM_THREADS} is not set. */
    static void configureNativeThreads(java.util.Map<String, String> environment) {
        if (System.getProperty(MAX_PHYSICAL_BYTES) == null) {
            System.setProperty(MAX_PHYSICAL_BYTES, "0");
        }
        if (environment.get("OMP_NUM_THREADS") == null) {
            org.slf4j.LoggerFactory.getLogger(SegmenterCli.class).warn("OMP_NUM_THREADS is not set: DL4J scoring may run 3-10x "
                    + "slower on a busy machine; start with OMP_NUM_THREADS=1 (the container image sets it)");
        }
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SegmenterCli());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + ex.getMessage());
            org.slf4j.LoggerFactory.getLogger(SegmenterCli.class).debug("command failed", ex);
            return 2;
        });
        return cli;
    }
}
