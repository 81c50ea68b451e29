package io.segmenter.stream.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segmenter.features.FeatureExtractor;
import io.segmenter.features.UserFeatureState;
import io.segmenter.features.UserFeatureStateCodec;
import io.segmenter.stream.topology.SegmentationTopology;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers user queries from a running {@link KafkaStreams}: key metadata says which instance
 * holds the active {@value SegmentationTopology#USER_FEATURES_STORE} partition of a user; the
 * local read decodes the state and computes the segment vector as of the user's last event.
 * Standby copies are not read: they may lag, and a 503 during failover is the honest answer.
 */
final class StreamsUserQueries implements UserQueries {

    private static final String STORE = SegmentationTopology.USER_FEATURES_STORE;
    private static final Set<KafkaStreams.State> QUERYABLE = EnumSet.of(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final UserDocument document;
    private final Serializer<String> keySerializer = Serdes.String().serializer();

    StreamsUserQueries(KafkaStreams streams, HostInfo self, UserDocument document) {
        this.streams = streams;
        this.self = self;
        this.document = document;
    }

    @Override
    public Location locate(String userId) {
        KafkaStreams.State state = streams.state();
        if (!QUERYABLE.contains(state)) {
            return new Location.Unavailable("the stream processor is " + state);
        }
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(STORE, userId, keySerializer);
        } catch (InvalidStateStoreException | IllegalStateException e) {
            // the state changed between the check and the call
            return new Location.Unavailable("the stream processor is " + streams.state());
        }
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)
                || HostInfo.unavailable().equals(metadata.activeHost())) {
            return new Location.Unavailable("no instance holds the active state of this user (rebalancing)");
        }
        return self.equals(metadata.activeHost())
                ? new Location.Local(metadata.partition())
                : new Location.Remote(metadata.activeHost());
    }

    @Override
    public Optional<ObjectNode> read(String userId, int partition) {
        UserAttribute.LocalStores stores = new UserAttribute.LocalStores() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String storeName) {
                return streams.store(StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore())
                        .withPartition(partition));
            }
        };
        byte[] bytes = stores.<byte[]>keyValueStore(STORE).get(userId);
        if (bytes == null) {
            return Optional.empty();
        }
        UserFeatureState state = UserFeatureStateCodec.decode(bytes);
        Optional<Instant> asOf = state.lastEventTime();
        if (asOf.isEmpty()) {
            return Optional.empty();
        }
        UserSnapshot user = new UserSnapshot(userId, FeatureExtractor.segmentVector(state, asOf.get()));
        return Optional.of(document.render(user, stores));
    }
}
