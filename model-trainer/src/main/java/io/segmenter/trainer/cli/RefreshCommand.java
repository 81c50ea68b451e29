package io.segmenter.trainer.cli;

import io.segmenter.schemas.avro.ModelRelease;
import io.segmenter.schemas.avro.ModelRole;
import io.segmenter.trainer.Trainer;
import io.segmenter.trainer.TrainingProgress;
import io.segmenter.trainer.data.TrainingData;
import io.segmenter.trainer.publish.ModelPublisher;
import io.segmenter.trainer.publish.ModelReleases;
import io.segmenter.trainer.publish.RefreshRule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code refresh}: train, compare with the live model on the same held-out users, publish only if not worse. */
@Command(name = "refresh", mixinStandardHelpOptions = true,
        description = {"Train a candidate, measure it and the currently published LIVE model on the candidate's held-out"
                + " users, and publish the candidate as LIVE only if it is not worse (see RefreshRule): segment macro-F1 not"
                + " lower than the live release's by more than --tolerance, fraud PR-AUC on the same labelled purchases not"
                + " lower by more than --tolerance. No live model: publish.",
            "Exit code: 0 published, 3 not published (candidate worse; the live model stays), 1 failure, 2 usage."})
public final class RefreshCommand implements Callable<Integer> {

    /** Exit code when the candidate was worse and nothing was published. */
    public static final int KEPT_LIVE = 3;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TrainInput input;

    @Mixin
    TrainingOptions training;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where the candidate's files go.")
    Path out;

    @Option(names = "--kept-exit-code", defaultValue = "3",
            description = "Exit code when the candidate is worse and the live model stays (0 for schedulers that treat"
                    + " any other code as a failed run). Default: ${DEFAULT-VALUE}.")
    int keptExitCode;

    @Option(names = "--tolerance", defaultValue = "0.01",
            description = "Allowed drop of macro-F1 and PR-AUC. Default: ${DEFAULT-VALUE}.")
    double tolerance;

    @Override
    public Integer call() throws Exception {
        if (!input.kafka.hasBootstrapServers()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "refresh needs --bootstrap-servers");
        }
        PrintWriter err = spec.commandLine().getErr();
        Trainer.Options options = training.resolve(spec.commandLine());
        Cli.warnWithoutSingleThread(err);
        TrainingData data = input.load(spec.commandLine(), err);
        Trainer.Run run = Trainer.train(data, options, TrainingProgress.printingTo(err));
        Outputs.writeTraining(run, out);
        PrintWriter stdout = spec.commandLine().getOut();
        Outputs.printTraining(run, out, stdout);
        Optional<ModelRelease> live = ModelReleases.latest(input.kafka.settings(), input.kafka.topic, ModelRole.LIVE,
                Duration.ofMinutes(2));
        RefreshRule.Decision decision = RefreshRule.decide(run, live, tolerance);
        stdout.printf(Locale.ROOT, "live model: %s%n", live.map(ModelRelease::getModelVersion).orElse("none"));
        decision.reasons().forEach(r -> stdout.println("  " + r));
        if (!decision.publish()) {
            stdout.printf(Locale.ROOT, "not published: %s is worse than the live model%n", run.bundle().modelVersion());
            stdout.flush();
            return keptExitCode;
        }
        try (ModelPublisher publisher = new ModelPublisher(input.kafka.settings(), input.kafka.topic, Clock.systemUTC())) {
            ModelPublisher.Published p = publisher.publish(run.bundle().toBytes(), ModelRole.LIVE,
                    "refresh: " + String.join("; ", decision.reasons()));
            stdout.printf(Locale.ROOT, "published %s as LIVE to %s partition %d offset %d%n", p.release().getModelVersion(),
                    p.topic(), p.partition(), p.offset());
        }
        stdout.flush();
        return 0;
    }
}
