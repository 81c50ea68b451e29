package io.segmenter.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.segmenter.features.dataset.BundledSample;
import io.segmenter.features.dataset.DatasetFormat;
import io.segmenter.features.dataset.DatasetSource;
import io.segmenter.model.DemoBundles;
import io.segmenter.model.ModelBundle;
import io.segmenter.schemas.avro.ModelRole;
import io.segmenter.schemas.registry.MockSchemaRegistry;
import io.segmenter.stream.app.SegmenterApp;
import io.segmenter.stream.app.TopicLayout;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.testing.KafkaBrokerExtension;
import io.segmenter.trainer.data.TrainingData;
import io.segmenter.trainer.publish.KafkaSettings;
import io.segmenter.trainer.publish.ModelPublisher;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publish, then a running stream instance swaps: the real application on a real broker starts on
 * one model, the trainer trains a bundle and publishes it with {@link ModelPublisher}, and the
 * instance installs it as its live model with no restart.
 */
class PublishSwapIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.embedded();

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aRunningInstanceSwapsToTheBundleTheTrainerPublished() throws Exception {
        Path sample = BundledSample.find(Path.of("")).orElseThrow();
        TrainingData data = TrainingData.load(List.of(
                DatasetSource.file(sample.resolve("taobao-userbehavior-150users.csv"), DatasetFormat.TAOBAO).withIdPrefix("tb-"),
                DatasetSource.file(sample.resolve("fraud-data-head4000.csv"), DatasetFormat.FRAUD_DATA).withIdPrefix("fd-")));
        Trainer.Options defaults = Trainer.Options.defaults(11);
        Trainer.Options fast = new Trainer.Options(defaults.segments().withEpochs(5), defaults.fraud().withEpochs(3, 3),
                Optional.empty());
        ModelBundle trained = Trainer.train(data, fast, TrainingProgress.SILENT).bundle();

        ModelBundle startup = DemoBundles.defaultBundle();
        Path startupFile = dir.resolve("startup.zip");
        startup.write(startupFile);
        String scope = "publish-swap-it";
        SegmenterConfig config = SegmenterConfig.defaults()
                .with("application.id", "publish-swap-it")
                .with("bootstrap.servers", KAFKA.bootstrapServers())
                .with("schema.registry.url", "mock://" + scope)
                .with("state.dir", dir.resolve("state").toString())
                .with("model.file", startupFile.toString())
                .with("http.port", "0");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            TopicLayout.ensure(admin, config, (short) 1, Duration.ofSeconds(30));
        }
        try (SegmenterApp app = SegmenterApp.create(config, new SimpleMeterRegistry())) {
            app.start();
            assertThat(app.awaitRunning(WAIT)).isTrue();
            assertThat(app.liveModelVersion()).isEqualTo(startup.modelVersion());

            try (ModelPublisher publisher = new ModelPublisher(KafkaSettings.of(KAFKA.bootstrapServers(), "mock://" + scope),
                    config.get("topic.models"), Clock.systemUTC())) {
                publisher.publish(trained.toBytes(), ModelRole.LIVE, "publish-swap-it");
            }

            await().atMost(WAIT).until(() -> app.liveModelVersion().equals(trained.modelVersion()));
            assertThat(app.models().current().live().fileSha256()).isEqualTo(trained.fileSha256());
        } finally {
            MockSchemaRegistry.dropScope(scope);
        }
    }
}
