package io.segmenter.stream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.features.FeatureExtractor;
import io.segmenter.features.FeatureVector;
import io.segmenter.features.OfflineFeatureReplay;
import io.segmenter.features.UserFeatureState;
import io.segmenter.features.UserFeatureStateCodec;
import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.features.dataset.DatasetReplay;
import io.segmenter.features.dataset.DatasetSource;
import io.segmenter.features.dataset.DatasetFormat;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.topology.SegmentationTopology;
import java.io.IOException;
import java.nio.file.Path;
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
 * Training/serving parity: a real dataset replayed through the topology on a real broker gives,
 * per user, the same segment vector (as of the user's last event) as the offline code the
 * trainer uses.
 */
class FeatureParityIT {

    @Test
    void streamAndOfflineComputeEqualVectorsForEveryTaobaoUser() throws IOException {
        Path sample = Path.of("..", "data", "sample", "taobao-userbehavior-150users.csv");
        assertThat(sample).isRegularFile();
        List<DatasetSource> sources = List.of(DatasetSource.file(sample, DatasetFormat.TAOBAO));

        Map<String, FeatureVector> streamed = new HashMap<>();
        DemoSummary summary = new DemoRunner().run(new DemoRunner.Options(sources, 0, SegmenterConfig.defaults(),
                app -> streamed.putAll(vectors(app.streams().store(StoreQueryParameters.fromNameAndType(
                        SegmentationTopology.USER_FEATURES_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()))))));

        DatasetReplay.Result read = DatasetReplay.builder().addAll(sources).build().load();
        OfflineFeatureReplay offline = OfflineFeatureReplay.builder().build();
        offline.replay(read.events().stream().map(DatasetEvent::toReplayEvent).toList());
        Map<String, FeatureVector> expected = offline.snapshot();

        assertThat(summary.problems()).isEmpty();
        assertThat(streamed).hasSize(150);
        assertThat(streamed.keySet()).isEqualTo(expected.keySet());
        for (String user : expected.keySet()) {
            assertThat(streamed.get(user)).as("features of user %s", user).isEqualTo(expected.get(user));
        }
    }

    private static Map<String, FeatureVector> vectors(ReadOnlyKeyValueStore<String, byte[]> store) {
        Map<String, FeatureVector> vectors = new HashMap<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                UserFeatureState state = UserFeatureStateCodec.decode(entry.value);
                vectors.put(entry.key, FeatureExtractor.segmentVector(state, state.lastEventTime().orElseThrow()));
            }
        }
        return vectors;
    }

}
