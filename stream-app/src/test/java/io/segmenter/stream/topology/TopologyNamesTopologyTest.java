package io.segmenter.stream.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.registry.MockSchemaRegistry;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.registry.SchemaRegistryClients;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.stream.app.StreamsProperties;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.scoring.LiveModels;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the names of everything stateful in the topology, and of every processor: a generated or
 * renamed one would orphan state and changelogs of a running application.
 */
class TopologyNamesTopologyTest {

    private static final String SCOPE = "topology-names-topology-test";

    @TempDir
    Path stateDir;

    private SegmenterConfig config;
    private Properties props;
    private Topology topology;

    @BeforeEach
    void buildTopology() {
        config = SegmenterConfig.defaults().with("state.dir", stateDir.toString());
        SchemaRegistryClient registry = SchemaRegistryClients.create("mock://" + SCOPE, Map.of());
        props = StreamsProperties.from(config, TopologyMetrics.NONE);
        topology = SegmentationTopology.build(config, SegmentationTopology.Topics.from(config, registry),
                TopologyMetrics.NONE, LiveModels.none(), props);
    }

    @AfterEach
    void dropRegistry() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void namesTheThirteenStoresAndTheProcessorsThatOwnThem() {
        assertThat(storesByProcessor()).isEqualTo(Map.of(
                "validate-clicks", Set.of("user-event-ids-recent-store"),
                "validate-purchases", Set.of("user-event-ids-recent-store"),
                "update-user-features", Set.of("user-features-30d-store", "purchase-context-pending-store",
                        "user-event-ids-recent-store", "user-expiry-index-store"),
                "count-device-activity", Set.of("device-activity-24h-store", "device-expiry-index-store"),
                "count-ip-activity", Set.of("ip-activity-24h-store", "ip-expiry-index-store"),
                "score-features", Set.of("user-features-30d-store", "user-scoring-pending-store",
                        "purchase-scoring-pending-store", "user-segment-current-store", "order-anomaly-dedup-store",
                        "user-anomaly-last-store")));
        assertThat(Set.of(SegmentationTopology.USER_FEATURES_STORE, SegmentationTopology.PURCHASE_CONTEXT_STORE,
                SegmentationTopology.DEVICE_ACTIVITY_STORE, SegmentationTopology.IP_ACTIVITY_STORE,
                SegmentationTopology.USER_SCORING_PENDING_STORE, SegmentationTopology.PURCHASE_SCORING_PENDING_STORE,
                SegmentationTopology.USER_SEGMENT_STORE, SegmentationTopology.ORDER_ANOMALY_DEDUP_STORE,
                SegmentationTopology.USER_ANOMALY_STORE, SegmentationTopology.USER_EVENT_IDS_STORE,
                SegmentationTopology.USER_EXPIRY_INDEX_STORE, SegmentationTopology.DEVICE_EXPIRY_INDEX_STORE,
                SegmentationTopology.IP_EXPIRY_INDEX_STORE))
                .containsExactlyInAnyOrder("user-features-30d-store", "purchase-context-pending-store",
                        "device-activity-24h-store", "ip-activity-24h-store", "user-scoring-pending-store",
                        "purchase-scoring-pending-store", "user-segment-current-store", "order-anomaly-dedup-store",
                        "user-anomaly-last-store", "user-event-ids-recent-store", "user-expiry-index-store",
                        "device-expiry-index-store", "ip-expiry-index-store");
        assertThat(SegmentationTopology.SCORE_PROCESSOR).isEqualTo("score-features");
    }

    @Test
    void namesTheRepartitionTopicsAfterWhatTheyKeyBy() {
        assertThat(sinkTopics()).containsExactlyInAnyOrder(
                "purchases-by-device-repartition",
                "purchases-by-ip-repartition",
                "purchases-by-user-repartition",
                "dead-letters",
                "segment-changes",
                "fraud-anomalies");
        assertThat(sourceTopics()).containsExactlyInAnyOrder(
                "user-clicks",
                "user-deletions",
                "user-purchases",
                "purchases-by-device-repartition",
                "purchases-by-ip-repartition",
                "purchases-by-user-repartition");
    }

    @Test
    void namesEveryProcessor() {
        assertThat(processorNames()).containsExactlyInAnyOrder(
                "read-clicks", "validate-clicks", "route-clicks-", "route-clicks-accepted", "route-clicks-rejected",
                "encode-invalid-clicks", "dead-letter-invalid-clicks", "unwrap-valid-clicks", "wrap-clicks",
                "read-purchases", "validate-purchases", "route-purchases-", "route-purchases-accepted",
                "route-purchases-rejected", "encode-invalid-purchases", "dead-letter-invalid-purchases",
                "unwrap-valid-purchases", "wrap-user-purchases",
                "wrap-purchases", "key-purchases-by-device", "purchases-by-device-repartition-filter",
                "purchases-by-device-repartition-sink", "purchases-by-device-repartition-source",
                "count-device-activity",
                "key-purchases-by-ip", "purchases-by-ip-repartition-filter", "purchases-by-ip-repartition-sink",
                "purchases-by-ip-repartition-source", "count-ip-activity",
                "key-purchases-by-user", "purchases-by-user-repartition-filter", "purchases-by-user-repartition-sink",
                "purchases-by-user-repartition-source", "wrap-network-counts",
                "merge-user-events", "merge-network-counts", "update-user-features",
                "read-user-deletions", "drop-keyless-deletions", "wrap-user-deletions", "merge-user-deletions",
                "score-features", "route-scores-", "route-scores-segment-changes", "route-scores-fraud-anomalies",
                "unwrap-segment-changes", "emit-segment-changes", "unwrap-fraud-anomalies", "emit-fraud-anomalies");
    }

    @Test
    void buildsWithExplicitInternalResourceNamingEnforced() {
        assertThat(props).containsEntry(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        // the topology was built with these properties in buildTopology(); a driver also initialises every store with them
        assertThatCode(() -> new TopologyTestDriver(topology, props, Events.BASE).close()).doesNotThrowAnyException();
    }

    private Map<String, Set<String>> storesByProcessor() {
        Map<String, Set<String>> stores = new TreeMap<>();
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor p && !p.stores().isEmpty()) {
                    stores.put(p.name(), Set.copyOf(p.stores()));
                }
            }
        }
        return stores;
    }

    private Set<String> sinkTopics() {
        Set<String> topics = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Sink s) {
                    topics.add(s.topic());
                }
            }
        }
        return topics;
    }

    private Set<String> sourceTopics() {
        Set<String> topics = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source s) {
                    topics.addAll(s.topicSet());
                }
            }
        }
        return topics;
    }

    private Set<String> processorNames() {
        Set<String> names = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                names.add(node.name());
            }
        }
        return names;
    }
}
