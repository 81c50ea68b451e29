package io.segmenter.trainer.cli;

import io.segmenter.trainer.data.TopicHistory;
import io.segmenter.trainer.data.TrainingData;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** What to train on: files ({@code --data}), or the input topics' history ({@code --from-topics}). */
public final class TrainInput {

    @Mixin
    DataOptions data;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--from-topics", split = ",", paramLabel = "TOPIC",
            description = "Train on these input topics' history instead of files (with --bootstrap-servers), e.g. user-clicks,user-purchases.")
    List<String> fromTopics = new ArrayList<>();

    @Option(names = "--since", defaultValue = "P30D",
            description = "With --from-topics: how far back to read, by record timestamp (ISO-8601). Default: ${DEFAULT-VALUE}.")
    Duration since;

    TrainingData load(CommandLine commandLine, PrintWriter err) throws IOException {
        if (!fromTopics.isEmpty()) {
            if (data.given()) {
                throw new ParameterException(commandLine, "give either --data or --from-topics, not both");
            }
            if (!kafka.hasBootstrapServers()) {
                throw new ParameterException(commandLine, "--from-topics needs --bootstrap-servers");
            }
            err.println("reading " + fromTopics + " since " + since + " from " + kafka.bootstrapServers);
            err.flush();
            return TopicHistory.read(kafka.settings(), fromTopics, since, Clock.systemUTC(), Duration.ofMinutes(5));
        }
        if (!data.given()) {
            err.println("no --data given: training on the bundled sample data/sample");
        }
        TrainingData loaded = TrainingData.load(data.sources(commandLine));
        loaded.sources().forEach(s -> err.println("read " + s.describe()));
        err.flush();
        return loaded;
    }
}
