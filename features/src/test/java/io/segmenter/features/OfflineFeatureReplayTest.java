package io.segmenter.features;

import static io.segmenter.features.TestEvents.BASE;
import static io.segmenter.features.TestEvents.at;
import static io.segmenter.features.TestEvents.click;
import static io.segmenter.features.TestEvents.minutes;
import static io.segmenter.features.TestEvents.purchase;
import static io.segmenter.features.TestEvents.purchaseOnDevice;
import static io.segmenter.features.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.features.validation.RejectionReason;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfflineFeatureReplayTest {

    private final Map<String, FeatureVector> fraudByOrder = new LinkedHashMap<>();

    private OfflineFeatureReplay replay(OfflineFeatureReplay.StateStorage storage) {
        return OfflineFeatureReplay.builder()
                .storage(storage)
                .onPurchase((p, v) -> fraudByOrder.put(p.getOrderId(), v))
                .build();
    }

    @Test
    void countsEarlierPurchasesOnTheSameDeviceAndIpButNotTheCurrentOne() {
        OfflineFeatureReplay r = replay(OfflineFeatureReplay.StateStorage.OBJECTS);
        PurchaseEvent first = purchaseOnDevice("alice", "D1", "10.0.0.1", BASE);
        PurchaseEvent second = purchaseOnDevice("bob", "D1", "10.0.0.2", at(minutes(3)));
        PurchaseEvent third = purchaseOnDevice("carol", "D1", "10.0.0.1", at(minutes(20)));
        r.replay(List.of(ReplayEvent.of(first), ReplayEvent.of(second), ReplayEvent.of(third)));

        FeatureVector v1 = fraudByOrder.get(first.getOrderId());
        assertThat(v1.get("device_purchases_24h")).isZero();
        assertThat(v1.get("ip_purchases_24h")).isZero();
        FeatureVector v2 = fraudByOrder.get(second.getOrderId());
        assertThat(v2.get("device_users_10m")).isEqualTo(1);
        assertThat(v2.get("ip_users_24h")).isZero();
        FeatureVector v3 = fraudByOrder.get(third.getOrderId());
        assertThat(v3.get("device_users_24h")).isEqualTo(2);
        assertThat(v3.get("device_purchases_10m")).isZero();
        assertThat(v3.get("ip_users_24h")).isEqualTo(1);
        assertThat(v3.get("ip_purchases_10m")).isZero();
    }

    @Test
    void aPurchaseWithoutDeviceGetsZeroDeviceCountsButItsIpCounts() {
        OfflineFeatureReplay r = replay(OfflineFeatureReplay.StateStorage.OBJECTS);
        r.accept(ReplayEvent.of(purchaseOnDevice("alice", "D1", "10.0.0.1", BASE)));
        PurchaseEvent noDevice = purchaseOnDevice("bob", null, "10.0.0.1", at(minutes(1)));
        r.accept(ReplayEvent.of(noDevice));
        FeatureVector v = fraudByOrder.get(noDevice.getOrderId());
        assertThat(v.get("device_known")).isZero();
        assertThat(v.get("device_purchases_24h")).isZero();
        assertThat(v.get("ip_purchases_24h")).isEqualTo(1);
    }

    @Test
    void theFraudVectorSeesTheUsersEarlierEventsAndThePurchase() {
        OfflineFeatureReplay r = replay(OfflineFeatureReplay.StateStorage.OBJECTS);
        PurchaseEvent p = purchase("alice", 30, at(minutes(2)));
        r.replay(List.of(ReplayEvent.of(view("alice", BASE)), ReplayEvent.of(view("bob", BASE)), ReplayEvent.of(p)));
        UserFeatureState expected = new UserFeatureState();
        expected.apply(view("alice", BASE));
        expected.apply(p);
        assertThat(fraudByOrder.get(p.getOrderId()))
                .isEqualTo(FeatureExtractor.fraudVector(expected, p, NetworkCounts.NONE));
        assertThat(fraudByOrder.get(p.getOrderId()).get("user_events_10m")).isEqualTo(2);
    }

    @Test
    void snapshotHoldsEachUsersVectorAsOfItsOwnNewestEvent() {
        OfflineFeatureReplay r = replay(OfflineFeatureReplay.StateStorage.OBJECTS);
        r.replay(List.of(ReplayEvent.of(view("bob", BASE)), ReplayEvent.of(view("alice", at(minutes(5)))),
                ReplayEvent.of(purchase("bob", 3, at(minutes(9))))));
        Map<String, FeatureVector> snapshot = r.snapshot();
        assertThat(snapshot.keySet()).containsExactly("alice", "bob");
        assertThat(snapshot.get("alice").asOf()).isEqualTo(at(minutes(5)));
        assertThat(snapshot.get("bob").asOf()).isEqualTo(at(minutes(9)));
        assertThat(snapshot.get("bob").get("events_10m")).isEqualTo(2);
        Instant later = at(minutes(16));
        assertThat(r.snapshot(later).get("alice").get("events_10m")).isZero();
        assertThat(r.snapshot(later).get("bob").get("events_10m")).isEqualTo(1);
        assertThat(r.segmentVector("bob", later)).contains(r.snapshot(later).get("bob"));
        assertThat(r.segmentVector("nobody", later)).isEmpty();
        assertThat(r.userCount()).isEqualTo(2);
        assertThat(r.newestEventTime()).contains(at(minutes(9)));
    }

    @Test
    void rejectedEventsAreCountedAndTouchNothing() {
        OfflineFeatureReplay r = replay(OfflineFeatureReplay.StateStorage.OBJECTS);
        r.replay(List.of(ReplayEvent.of(click("alice", ClickType.UNKNOWN, BASE)),
                ReplayEvent.of(purchase("", 3, BASE)),
                ReplayEvent.of(view("bob", BASE))));
        assertThat(r.rejectionCounts()).containsOnly(Map.entry(RejectionReason.UNKNOWN_EVENT_TYPE, 1L),
                Map.entry(RejectionReason.MISSING_USER_ID, 1L));
        assertThat(r.acceptedCount()).isEqualTo(1);
        assertThat(r.snapshot().keySet()).containsExactly("bob");
        assertThat(fraudByOrder).isEmpty();
    }

    @Test
    void encodedStorageGivesTheSameVectorsAsLiveObjects() {
        List<ReplayEvent> events = new ArrayList<>(RandomEvents.stream(11, 5000, 25));
        events.sort(ReplayEvent.BY_EVENT_TIME);

        Map<String, FeatureVector> liveFraud = new LinkedHashMap<>();
        OfflineFeatureReplay live = OfflineFeatureReplay.builder().onPurchase((p, v) -> liveFraud.put(p.getOrderId(), v)).build();
        live.replay(events);
        Map<String, FeatureVector> encodedFraud = new LinkedHashMap<>();
        OfflineFeatureReplay encoded = OfflineFeatureReplay.builder()
                .storage(OfflineFeatureReplay.StateStorage.ENCODED)
                .onPurchase((p, v) -> encodedFraud.put(p.getOrderId(), v))
                .build();
        encoded.replay(events);

        assertThat(liveFraud).isNotEmpty().isEqualTo(encodedFraud);
        assertThat(live.snapshot()).hasSize(25).isEqualTo(encoded.snapshot());
        Instant end = live.newestEventTime().orElseThrow();
        assertThat(live.snapshot(end)).isEqualTo(encoded.snapshot(end));
    }

    @Test
    void eventTimeOrderKeepsTheInputOrderOfTies() {
        ReplayEvent a = ReplayEvent.of(view("a", at(minutes(1))));
        ReplayEvent b = ReplayEvent.of(view("b", BASE));
        ReplayEvent c = ReplayEvent.of(view("c", at(minutes(1))));
        List<ReplayEvent> events = new ArrayList<>(List.of(a, b, c));
        events.sort(ReplayEvent.BY_EVENT_TIME);
        assertThat(events).containsExactly(b, a, c);
    }
}
