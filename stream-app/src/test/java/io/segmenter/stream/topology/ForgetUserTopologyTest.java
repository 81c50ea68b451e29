package io.segmenter.stream.topology;

import static io.segmenter.stream.topology.Events.BASE;
import static io.segmenter.stream.topology.Events.purchase;
import static io.segmenter.stream.topology.Events.purchaseBuilder;
import static io.segmenter.stream.topology.Events.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.features.NetworkCounts;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.avro.SegmentChange;
import io.segmenter.stream.scoring.LiveModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The right to be forgotten: a record on the user-deletions topic removes the user from every
 * store of the topology, emits a tombstone on segment-changes and nothing else of theirs, and
 * leaves other users as they were. The user then has no feature state, which is what
 * {@code GET /users/{id}} answers 404 on.
 */
class ForgetUserTopologyTest {

    private static final Instant NOW = BASE.plus(Duration.ofDays(60));
    private static final Instant T0 = BASE.plus(Duration.ofDays(1)).plus(Duration.ofHours(10));
    private static final String ERASED = "erase-me-42";
    private static final String KEPT = "keep-7";

    @TempDir
    Path stateDir;

    private TopologyHarness topology;

    @BeforeEach
    void startTopology() {
        topology = TopologyHarness.builder(stateDir, NOW).models(LiveModels.of(TestModels.demo())).start();
    }

    @AfterEach
    void closeTopology() {
        topology.close();
    }

    @Test
    void aDeletionRequestRemovesTheUserFromEveryStoreAndEmitsOnlyATombstone() {
        // scored: a segment and an anomaly (a first purchase 30 s after the account was made)
        PurchaseEvent flagged = purchaseBuilder(ERASED, 140, T0).setCurrency("EUR").setDeviceId("d-shared").setIp("10.9.9.9")
                .setAccountCreatedTime(T0.minusSeconds(30)).build();
        topology.send(flagged);
        topology.sendAll(List.of(view(KEPT, T0), purchase(KEPT, 20, T0.plusSeconds(5), "d-shared", "10.9.9.9")));
        topology.advanceWallClock(Duration.ofSeconds(1));
        assertThat(topology.segmentChanges()).extracting(TestRecord::key).containsExactlyInAnyOrder(ERASED, KEPT);
        assertThat(topology.fraudAnomalies()).extracting(TestRecord::key).contains(ERASED);
        // waiting: a mark, a completed purchase and the network half of a purchase whose user half has not come
        ClickEvent later = view(ERASED, T0.plusSeconds(60));
        PurchaseEvent waiting = purchase(ERASED, 30, T0.plusSeconds(70), "d-2", "10.1.1.1");
        PurchaseEvent halfOnly = purchase(ERASED, 50, T0.plusSeconds(80), "d-3", "10.1.1.2");
        topology.send(later);
        topology.send(waiting);
        topology.sendNetworkHalf(halfOnly, NetworkCounts.NONE);
        Set<String> storesHoldingTheUser = storesHolding(ERASED, flagged, waiting, halfOnly);
        assertThat(storesHoldingTheUser).as("the premise: the user is in every per-user store").containsAll(List.of(
                SegmentationTopology.USER_FEATURES_STORE, SegmentationTopology.PURCHASE_CONTEXT_STORE,
                SegmentationTopology.USER_SCORING_PENDING_STORE, SegmentationTopology.PURCHASE_SCORING_PENDING_STORE,
                SegmentationTopology.USER_SEGMENT_STORE, SegmentationTopology.ORDER_ANOMALY_DEDUP_STORE,
                SegmentationTopology.USER_ANOMALY_STORE, SegmentationTopology.USER_EVENT_IDS_STORE,
                SegmentationTopology.USER_EXPIRY_INDEX_STORE));
        Map<String, byte[]> keptBefore = Map.of(
                SegmentationTopology.USER_FEATURES_STORE, topology.userStateBytes(KEPT).orElseThrow(),
                SegmentationTopology.USER_SEGMENT_STORE, topology.storeContents(SegmentationTopology.USER_SEGMENT_STORE).get(KEPT),
                SegmentationTopology.USER_EVENT_IDS_STORE, topology.storeContents(SegmentationTopology.USER_EVENT_IDS_STORE).get(KEPT));
        Set<String> keptIndexEntries = keysNaming(SegmentationTopology.USER_EXPIRY_INDEX_STORE, KEPT);
        assertThat(keptIndexEntries).hasSize(1);

        topology.deleteUser(ERASED, "erasure request 2024-03-20", NOW);

        List<TestRecord<String, SegmentChange>> changes = topology.segmentChanges();
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).key()).isEqualTo(ERASED);
        assertThat(changes.get(0).value()).isNull();
        assertThat(storesHolding(ERASED, flagged, waiting, halfOnly)).isEmpty();
        // the HTTP layer reads this store: no state is a 404
        assertThat(topology.userState(ERASED)).isEmpty();
        // the waiting mark and purchase were dropped, not scored
        topology.advanceWallClock(Duration.ofSeconds(1));
        assertThat(topology.segmentChanges()).isEmpty();
        assertThat(topology.fraudAnomalies()).isEmpty();
        keptBefore.forEach((store, bytes) -> assertThat(topology.storeContents(store).get(KEPT)).as(store).isEqualTo(bytes));
        assertThat(keysNaming(SegmentationTopology.USER_EXPIRY_INDEX_STORE, KEPT)).isEqualTo(keptIndexEntries);
        assertThat(topology.deadLetters()).isEmpty();
    }

    @Test
    void aDeletionForAnUnknownUserStillEmitsATombstoneAndAKeylessOneIsIgnored() {
        topology.send(view(KEPT, T0));

        topology.deleteUser("never-seen", null, NOW);
        topology.deleteUser(null, "no key", NOW);

        assertThat(topology.segmentChanges()).containsExactly(new TestRecord<>("never-seen", null, NOW));
        assertThat(topology.userState(KEPT)).isPresent();
        assertThat(topology.deadLetters()).isEmpty();
    }

    @Test
    void aDeletionDoesNotMoveStreamTime() {
        topology.send(view(KEPT, T0));

        // a deletion stamped months after the events must not trigger the daily eviction of idle users
        topology.deleteUser("someone-else", null, NOW);

        assertThat(topology.userState(KEPT)).isPresent();
    }

    /**
     * The stores with a key or value naming the user (a key naming it alone or as one of its
     * {@code |}-separated parts, as {@code userId|eventId} or {@code day|userId}), or a key naming one
     * of the user's events or orders.
     */
    private Set<String> storesHolding(String user, PurchaseEvent... purchases) {
        byte[] userBytes = user.getBytes(StandardCharsets.UTF_8);
        Set<String> ids = new TreeSet<>();
        for (PurchaseEvent p : purchases) {
            ids.add(p.getOrderId());
            ids.add(p.getEventId());
        }
        Set<String> holding = new TreeSet<>();
        for (String store : allStores()) {
            topology.storeContents(store).forEach((key, value) -> {
                if (names(key, user) || ids.contains(key) || contains(value, userBytes)) {
                    holding.add(store);
                }
            });
        }
        return holding;
    }

    /** Every store of the production topology, read from its description. */
    private Set<String> allStores() {
        Set<String> stores = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : topology.topology().describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor p) {
                    stores.addAll(p.stores());
                }
            }
        }
        assertThat(stores).hasSize(13);
        return stores;
    }

    private Set<String> keysNaming(String store, String user) {
        Set<String> keys = new TreeSet<>(topology.storeContents(store).keySet());
        keys.removeIf(key -> !names(key, user));
        return keys;
    }

    private static boolean names(String key, String user) {
        return Arrays.asList(key.split("\\|", -1)).contains(user);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
