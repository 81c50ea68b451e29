package io.segmenter.stream.cli;

import io.segmenter.schemas.AvroTrustedPackages;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code segmenter.jar}: one subcommand per way of running the service. */
@Command(name = "segmenter",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Real-time customer segmentation and fraud scoring on Kafka Streams.",
        subcommands = {DemoCommand.class, RunCommand.class, ReplayCommand.class, CommandLine.HelpCommand.class})
public final class SegmenterCli {

    public static void main(String[] args) {
        AvroTrustedPackages.trustGeneratedClasses();
        System.exit(commandLine().execute(args));
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
