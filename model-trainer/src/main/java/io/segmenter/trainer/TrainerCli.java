package io.segmenter.trainer;

import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.trainer.cli.BacktestCommand;
import io.segmenter.trainer.cli.CdnowCommand;
import io.segmenter.trainer.cli.EvaluateCommand;
import io.segmenter.trainer.cli.PublishCommand;
import io.segmenter.trainer.cli.RefreshCommand;
import io.segmenter.trainer.cli.TrainCommand;
import java.util.concurrent.Callable;
import org.apache.kafka.common.errors.AuthenticationException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * Entry point of {@code model-trainer.jar}: {@code train}, {@code evaluate}, {@code publish},
 * {@code refresh}. Exit codes: 0 done, 1 failed (one line on stderr says why), 2 wrong usage,
 * 3 ({@code refresh} only) the candidate was not better and nothing was published.
 * Progress (stages, epochs and loss) goes to stderr, results to stdout.
 */
@Command(name = "model-trainer", mixinStandardHelpOptions = true, versionProvider = TrainerCli.Version.class,
        description = "Train, evaluate and publish segmenter model bundles.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, BacktestCommand.class, CdnowCommand.class, PublishCommand.class, RefreshCommand.class,
            CommandLine.HelpCommand.class})
public final class TrainerCli implements Callable<Integer> {

    /** Exit code of a command that failed. */
    public static final int FAILED = 1;

    private TrainerCli() {
    }

    /** Usage exit code: a command is required. */
    public static final int USAGE = 2;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a command: the usage, and exit code 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        spec.commandLine().getErr().flush();
        return USAGE;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        AvroTrustedPackages.trustGeneratedClasses();
        CommandLine cli = new CommandLine(new TrainerCli());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + oneLine(ex));
            commandLine.getErr().flush();
            LoggerFactory.getLogger(TrainerCli.class).debug("command failed", ex);
            return FAILED;
        });
        return cli;
    }

    private static String oneLine(Throwable ex) {
        String message = messageOf(ex);
        Throwable refusal = authenticationFailure(ex);
        if (refusal != null) {
            // Kafka words a refused TLS client certificate as e.g. "Failed to process post-handshake messages"
            Throwable root = refusal;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String detail = messageOf(root);
            message = "Kafka authentication failed (check the TLS/SASL client settings of --kafka-config): " + message
                    + (message.contains(detail) ? "" : " (" + detail + ")");
        }
        return message.replaceAll("\\s*\\R\\s*", " ");
    }

    private static String messageOf(Throwable ex) {
        return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    }

    /** The broker's refusal of this client (bad SASL credentials, a missing or untrusted certificate) in the cause chain. */
    private static Throwable authenticationFailure(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationException) {
                return t;
            }
        }
        return null;
    }

    /** {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TrainerCli.class.getPackage().getImplementationVersion();
            return new String[] {"model-trainer " + (version == null ? "(development build)" : version)};
        }
    }
}
