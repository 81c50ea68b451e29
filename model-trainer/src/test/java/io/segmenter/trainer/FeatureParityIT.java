package io.segmenter.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.features.FeatureExtractor;
import io.segmenter.features.FeatureVector;
import io.segmenter.features.UserFeatureState;
import io.segmenter.features.UserFeatureStateCodec;
import io.segmenter.features.dataset.BundledSample;
import io.segmenter.features.dataset.DatasetSource;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.demo.DemoRunner;
import io.segmenter.stream.topology.SegmentationTopology;
import io.segmenter.trainer.data.TrainingData;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * Training/serving parity through the trainer's own path: the bundled Taobao file read by
 * {@link TrainingData} and cut by {@link SnapshotBuilder} (what {@code train} does, here with the
 * cut after the last event) gives every user the same segment vector as the stream's feature store
 * after the real topology on a real broker processed the same file, read as of the same instant.
 */
class FeatureParityIT {

    @Test
    void theTrainersSnapshotEqualsTheStreamsFeatureStoreForEveryUser() throws Exception {
        Path file = BundledSample.find(Path.of("")).orElseThrow().resolve("taobao-userbehavior-150users.csv");
        List<DatasetSource> sources = List.of(DatasetSource.file(file, io.segmenter.features.dataset.DatasetFormat.TAOBAO));
        TrainingData data = TrainingData.load(sources);
        // a cut after the last event: every event is history, as the store holds it at the end
        Instant asOf = data.newestEventTime().plusSeconds(1);
        Duration horizon = Duration.ofDays(1);
        Snapshot atEnd = SnapshotBuilder.builder().horizon(horizon).build().build(data.sources().get(0).replayEvents(), asOf);

        Map<String, FeatureVector> streamed = new HashMap<>();
        new DemoRunner().run(new DemoRunner.Options(sources, 0, SegmenterConfig.defaults(),
                app -> streamed.putAll(vectors(app.streams().store(StoreQueryParameters.fromNameAndType(
                        SegmentationTopology.USER_FEATURES_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore())),
                        asOf))));

        assertThat(atEnd.vectors()).hasSize(150);
        assertThat(streamed.keySet()).isEqualTo(atEnd.vectors().keySet());
        for (Map.Entry<String, FeatureVector> e : atEnd.vectors().entrySet()) {
            assertThat(streamed.get(e.getKey())).as("features of user %s", e.getKey()).isEqualTo(e.getValue());
        }
    }

    private static Map<String, FeatureVector> vectors(ReadOnlyKeyValueStore<String, byte[]> store, Instant asOf) {
        Map<String, FeatureVector> vectors = new HashMap<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                UserFeatureState state = UserFeatureStateCodec.decode(entry.value);
                vectors.put(entry.key, FeatureExtractor.segmentVector(state, asOf));
            }
        }
        return vectors;
    }
}
