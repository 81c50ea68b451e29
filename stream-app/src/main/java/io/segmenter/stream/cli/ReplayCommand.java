package io.segmenter.stream.cli;

import io.segmenter.features.dataset.DatasetReplay;
import io.segmenter.features.dataset.DatasetSource;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.registry.SchemaRegistryClients;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.demo.DemoRunner;
import io.segmenter.stream.replay.EventPublisher;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code segmenter replay}: publish dataset files to the input topics of a running cluster. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Read dataset files, sort them by event time and publish them to the click and purchase topics.")
final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DatasetOptions datasets;

    @Mixin
    ConfigOptions config;

    @Option(names = "--speed", paramLabel = "FACTOR", defaultValue = "0",
            description = "Replay event-time gaps at FACTOR times real time; 0 (default) as fast as possible.")
    double speed;

    @Override
    public Integer call() throws Exception {
        SegmenterConfig resolved = config.resolve(System.getenv());
        List<DatasetSource> sources = datasets.sources(spec.commandLine());
        if (sources.isEmpty()) {
            sources = DemoRunner.bundledSample();
        }
        DatasetReplay.Result read = DatasetReplay.builder().addAll(sources).alignEnds().build().load();
        PrintWriter out = spec.commandLine().getOut();
        read.reports().forEach(r -> out.println(r.describe()));
        try (SchemaRegistryClient registry = SchemaRegistryClients.create(resolved.get("schema.registry.url"), Map.of())) {
            EventPublisher.Published published = new EventPublisher(resolved.get("bootstrap.servers"), resolved.kafkaOverrides(),
                    resolved.get("topic.clicks"), resolved.get("topic.purchases"),
                    AvroSerdes.specific(ClickEvent.class, registry), AvroSerdes.specific(PurchaseEvent.class, registry))
                    .publish(read.events(), speed);
            out.printf("published %,d events (%,d clicks, %,d purchases)%n", published.total(), published.clicks(), published.purchases());
        }
        out.flush();
        return 0;
    }
}
