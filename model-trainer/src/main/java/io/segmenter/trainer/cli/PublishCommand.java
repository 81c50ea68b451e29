package io.segmenter.trainer.cli;

import io.segmenter.schemas.avro.ModelRole;
import io.segmenter.trainer.publish.ModelPublisher;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code publish}: one ModelRelease on the models topic, after local validation. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Validate a bundle as the stream will, then publish it as a ModelRelease (acks=all, idempotent) to the"
                + " compacted models topic, keyed by role.")
public final class PublishCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "BUNDLE", required = true, description = "The model bundle (zip).")
    Path model;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--role", defaultValue = "LIVE", description = "LIVE (scores and emits) or SHADOW (scored beside it). Default: ${DEFAULT-VALUE}.")
    ModelRole role;

    @Option(names = "--notes", description = "Free text for the release (why, what changed).")
    String notes;

    @Override
    public Integer call() throws Exception {
        if (!kafka.hasBootstrapServers()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "publish needs --bootstrap-servers");
        }
        if (role != ModelRole.LIVE && role != ModelRole.SHADOW) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--role must be LIVE or SHADOW");
        }
        byte[] bytes = Files.readAllBytes(model);
        try (ModelPublisher publisher = new ModelPublisher(kafka.settings(), kafka.topic, Clock.systemUTC())) {
            ModelPublisher.Published p = publisher.publish(bytes, role, notes);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "published %s as %s to %s partition %d offset %d (sha256 %s, %,d bytes)%n",
                    p.release().getModelVersion(), role, p.topic(), p.partition(), p.offset(), p.release().getChecksumSha256(),
                    bytes.length);
            out.flush();
        }
        return 0;
    }
}
