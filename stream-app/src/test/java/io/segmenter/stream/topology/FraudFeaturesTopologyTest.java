package io.segmenter.stream.topology;

import static io.segmenter.stream.topology.Events.BASE;
import static io.segmenter.stream.topology.Events.clickBuilder;
import static io.segmenter.stream.topology.Events.purchase;
import static io.segmenter.stream.topology.Events.purchaseBuilder;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.features.ActivityCounts;
import io.segmenter.features.FeatureExtractor;
import io.segmenter.features.FeatureVector;
import io.segmenter.features.Hashing;
import io.segmenter.features.NetworkActivityState;
import io.segmenter.features.NetworkActivityStateCodec;
import io.segmenter.features.NetworkCounts;
import io.segmenter.features.OfflineFeatureReplay;
import io.segmenter.features.ReplayEvent;
import io.segmenter.features.UserFeatureState;
import io.segmenter.features.validation.EventValidator;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.stream.config.SegmenterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-device and per-IP purchase context: purchases are re-keyed by device, then IP, then back to
 * the user (the driver runs the three repartition topics in-line). Asserted through the device,
 * IP and pending-purchase stores; and, through a test sink on {@code update-user-features} (next
 * to the scoring processor, which no model feeds here), the completed fraud vectors, which must
 * equal what {@link OfflineFeatureReplay} computes.
 */
class FraudFeaturesTopologyTest {

    private static final Instant NOW = BASE.plus(Duration.ofDays(10));
    /** An hour edge: the device and IP stores are purged once per hour of stream time. */
    private static final Instant P = BASE.plus(Duration.ofHours(10));
    private static final Duration NETWORK_WINDOW = NetworkActivityState.LONG_WINDOW;
    /** How long a purchase half waits for its other half. */
    private static final Duration PENDING_RETENTION = Duration.ofDays(1);

    @TempDir
    Path stateDir;

    private TopologyHarness topology;

    @BeforeEach
    void startTopology() {
        topology = TopologyHarness.builder(stateDir, NOW).tapPurchaseFeatures().start();
    }

    @AfterEach
    void closeTopology() {
        topology.close();
    }

    // ---- stores

    @Test
    void purchaseIsRecordedOnItsDeviceAndItsIp() {
        topology.send(purchase("u1", 10, P, "d1", "10.0.0.1"));

        assertThat(encodedStates(SegmentationTopology.DEVICE_ACTIVITY_STORE)).isEqualTo(Map.of("d1", seen("u1@0", P)));
        assertThat(encodedStates(SegmentationTopology.IP_ACTIVITY_STORE)).isEqualTo(Map.of("10.0.0.1", seen("u1@0", P)));
        assertThat(topology.storeContents(SegmentationTopology.PURCHASE_CONTEXT_STORE)).isEmpty();
    }

    @Test
    void deviceStateHoldsBothUsersOfOneDeviceWithinTenMinutes() {
        Instant second = P.plus(Duration.ofMinutes(5));
        topology.send(purchase("u1", 10, P, "d1", "10.0.0.1"), purchase("u2", 20, second, "d1", "10.0.0.2"));

        assertThat(encodedStates(SegmentationTopology.DEVICE_ACTIVITY_STORE))
                .isEqualTo(Map.of("d1", seen("u1@0 u2@5", P)));
        assertThat(encodedStates(SegmentationTopology.IP_ACTIVITY_STORE)).isEqualTo(Map.of(
                "10.0.0.1", seen("u1@0", P),
                "10.0.0.2", seen("u2@5", P)));
        assertThat(topology.networkState(SegmentationTopology.DEVICE_ACTIVITY_STORE, "d1").orElseThrow()
                .countsBefore(second.plusMillis(1)))
                .isEqualTo(new ActivityCounts(2, 2, 2, 2));
        assertThat(topology.storeContents(SegmentationTopology.PURCHASE_CONTEXT_STORE)).isEmpty();
    }

    @Test
    void purchaseWithoutDeviceOrIpLeavesTheNetworkStoresUntouched() {
        topology.send(purchase("u1", 10, P, "d1", "10.0.0.1"));
        Map<String, String> devices = encodedStates(SegmentationTopology.DEVICE_ACTIVITY_STORE);
        Map<String, String> ips = encodedStates(SegmentationTopology.IP_ACTIVITY_STORE);

        topology.send(purchase("u2", 20, P.plusSeconds(60)), purchase("u3", 30, P.plusSeconds(120), " ", ""));

        assertThat(encodedStates(SegmentationTopology.DEVICE_ACTIVITY_STORE)).isEqualTo(devices);
        assertThat(encodedStates(SegmentationTopology.IP_ACTIVITY_STORE)).isEqualTo(ips);
        assertThat(topology.storeContents(SegmentationTopology.USER_FEATURES_STORE)).containsOnlyKeys("u1", "u2", "u3");
        assertThat(topology.storeContents(SegmentationTopology.PURCHASE_CONTEXT_STORE)).isEmpty();
    }

    @Test
    void pendingHalvesMeetForPurchasesOfOneUserAtTheSameInstant() {
        topology.send(purchase("u1", 10, P, "d1", "10.0.0.1"), purchase("u1", 11, P, "d1", "10.0.0.1"),
                purchase("u1", 12, P, null, "10.0.0.1"));

        assertThat(topology.storeContents(SegmentationTopology.PURCHASE_CONTEXT_STORE)).isEmpty();
        assertThat(topology.tappedPurchaseFeatures()).hasSize(3);
    }

    @Test
    void keepsDeviceStateWhoseNewestPurchaseIsExactlyADayOld() {
        topology.send(purchase("u1", 10, P, "d1", "10.0.0.1"));

        topology.send(purchase("u2", 10, P.plus(NETWORK_WINDOW), "d2", "10.0.0.2"));

        assertThat(topology.storeContents(SegmentationTopology.DEVICE_ACTIVITY_STORE)).containsOnlyKeys("d1", "d2");
        assertThat(topology.storeContents(SegmentationTopology.IP_ACTIVITY_STORE)).containsOnlyKeys("10.0.0.1", "10.0.0.2");
    }

    @Test
    void removesDeviceAndIpStateAtTheFirstHourlyPunctuationAfterADayIdle() {
        topology.send(purchase("u1", 10, P, "d1", "10.0.0.1"));
        topology.send(purchase("u2", 10, P.plus(NETWORK_WINDOW), "d2", "10.0.0.2"));

        topology.send(purchase("u2", 10, P.plus(NETWORK_WINDOW).plus(Duration.ofHours(1)), "d2", "10.0.0.2"));

        assertThat(topology.storeContents(SegmentationTopology.DEVICE_ACTIVITY_STORE)).containsOnlyKeys("d2");
        assertThat(topology.storeContents(SegmentationTopology.IP_ACTIVITY_STORE)).containsOnlyKeys("10.0.0.2");
    }

    // ---- halves in another order (network half put on the by-user repartition topic directly)

    @Test
    void networkHalfArrivingFirstWaitsInThePendingStore() {
        PurchaseEvent purchase = purchase("u1", 10, P, "d1", "10.0.0.1");
        NetworkCounts counts = new NetworkCounts(1, 2, 1, 1, 3, 4, 0, 0);

        topology.sendNetworkHalf(purchase, counts);

        assertThat(topology.pendingPurchases()).isEqualTo(Map.of("u1|" + purchase.getEventId(),
                new PendingPurchaseCodec.Pending(PendingPurchaseCodec.NETWORK_HALF, P.toEpochMilli(), null, counts)));
        assertThat(topology.tappedPurchaseFeatures()).isEmpty();
    }

    @Test
    void userHalfCompletesTheWaitingNetworkHalf() {
        PurchaseEvent purchase = purchase("u1", 10, P, "d1", "10.0.0.1");
        NetworkCounts counts = new NetworkCounts(1, 2, 1, 1, 3, 4, 0, 0);
        topology.sendNetworkHalf(purchase, counts);

        topology.send(purchase);

        // the purchase's own counts come back after that and wait in turn: the injected half stood in for them
        FeatureVector expected = FeatureExtractor.fraudVector(stateOf(purchase), purchase, counts);
        assertThat(topology.tappedPurchaseFeatures()).containsExactly(new PurchaseFeatures(purchase, expected));
    }

    @Test
    void dropsAPendingHalfOnceItIsMoreThanADayOlderThanStreamTime() {
        PurchaseEvent lost = purchase("u1", 10, P, "d1", "10.0.0.1");
        topology.sendNetworkHalf(lost, NetworkCounts.NONE);

        // past a midnight, so the daily punctuation runs, with the half exactly a day old
        topology.send(purchase("sentinel", 5, P.plus(PENDING_RETENTION)));
        assertThat(topology.pendingPurchases()).containsOnlyKeys("u1|" + lost.getEventId());

        topology.send(purchase("sentinel", 5, BASE.plus(Duration.ofDays(2))));
        assertThat(topology.pendingPurchases()).isEmpty();
    }

    @Test
    void purchaseDeliveredTwiceBeforeItsCountsReturnIsNotAProcessingError() {
        PurchaseEvent purchase = purchase("u1", 10, P, "d1", "10.0.0.1");
        // the first copy reached the user's state; its device/IP counts are still on their way back
        topology.putPendingPurchase("u1|" + purchase.getEventId(), PendingPurchaseCodec.encodeUserHalf(
                FeatureExtractor.fraudVector(stateOf(purchase), purchase, NetworkCounts.NONE)));

        topology.send(purchase);

        assertThat(topology.deadLetters()).isEmpty();
        assertThat(topology.tappedPurchaseFeatures()).extracting(PurchaseFeatures::purchase).containsExactly(purchase);
        assertThat(topology.pendingPurchases()).isEmpty();
    }

    @Test
    void countsOfAPurchaseDeliveredTwiceAreNotAProcessingError() {
        PurchaseEvent purchase = purchase("u1", 10, P, "d1", "10.0.0.1");

        topology.sendNetworkHalf(purchase, NetworkCounts.NONE);
        topology.sendNetworkHalf(purchase, NetworkCounts.NONE);

        assertThat(topology.deadLetters()).isEmpty();
        assertThat(topology.pendingPurchases()).containsOnlyKeys("u1|" + purchase.getEventId());
    }

    // ---- completed fraud vectors (through the test sink)

    @Test
    void purchaseSeesOnlyEarlierPurchasesOfItsDeviceAndIp() {
        PurchaseEvent first = purchase("u1", 10, P, "d1", "10.0.0.1");
        PurchaseEvent second = purchase("u2", 20, P.plus(Duration.ofMinutes(5)), "d1", "10.0.0.2");
        PurchaseEvent third = purchase("u3", 30, P.plus(Duration.ofMinutes(20)), "d1", "10.0.0.1");
        topology.send(first, second, third);

        List<PurchaseFeatures> features = topology.tappedPurchaseFeatures();
        assertThat(features).extracting(PurchaseFeatures::purchase).containsExactly(first, second, third);
        assertThat(networkCounts(features.get(0).fraudVector())).isEqualTo(Map.of(
                "device_users_24h", 0.0, "device_purchases_24h", 0.0, "device_users_10m", 0.0, "device_purchases_10m", 0.0,
                "ip_users_24h", 0.0, "ip_purchases_24h", 0.0, "ip_users_10m", 0.0, "ip_purchases_10m", 0.0));
        assertThat(networkCounts(features.get(1).fraudVector())).isEqualTo(Map.of(
                "device_users_24h", 1.0, "device_purchases_24h", 1.0, "device_users_10m", 1.0, "device_purchases_10m", 1.0,
                "ip_users_24h", 0.0, "ip_purchases_24h", 0.0, "ip_users_10m", 0.0, "ip_purchases_10m", 0.0));
        assertThat(networkCounts(features.get(2).fraudVector())).isEqualTo(Map.of(
                "device_users_24h", 2.0, "device_purchases_24h", 2.0, "device_users_10m", 0.0, "device_purchases_10m", 0.0,
                "ip_users_24h", 1.0, "ip_purchases_24h", 1.0, "ip_users_10m", 0.0, "ip_purchases_10m", 0.0));
    }

    @Test
    void everyPurchaseHasTheFraudVectorTheOfflineReplayComputes() {
        List<Object> events = mixedEvents();
        topology.sendAll(events);

        List<PurchaseFeatures> expected = new ArrayList<>();
        OfflineFeatureReplay.builder()
                .validator(new EventValidator(ValidationPolicies.from(SegmenterConfig.defaults())))
                .now(NOW)
                .onPurchase((purchase, vector) -> expected.add(new PurchaseFeatures(purchase, vector)))
                .build()
                .replay(events.stream()
                        .map(e -> e instanceof ClickEvent c ? ReplayEvent.of(c) : ReplayEvent.of((PurchaseEvent) e))
                        .toList());

        assertThat(expected).hasSize(40);
        assertThat(topology.tappedPurchaseFeatures()).containsExactlyElementsOf(expected);
        assertThat(topology.storeContents(SegmentationTopology.PURCHASE_CONTEXT_STORE)).isEmpty();
    }

    /**
     * Deterministic, in event-time order: five users sharing three devices and four IPs (some
     * purchases name neither), purchases minutes to hours apart with clicks in between, and
     * account creation times.
     */
    private static List<Object> mixedEvents() {
        List<Object> events = new ArrayList<>();
        Instant at = P;
        for (int i = 0; i < 120; i++) {
            at = at.plus(Duration.ofMinutes(i % 4 == 0 ? 95 : 3));
            String user = "user-" + (i * 7 % 5);
            if (i % 3 == 0) {
                events.add(purchaseBuilder(user, 3 + i % 11, at)
                        .setDeviceId(i % 10 == 0 ? null : "device-" + (i % 3))
                        .setIp(i % 8 == 0 ? null : "10.0.0." + (i % 4))
                        .setAccountCreatedTime(i % 2 == 0 ? BASE.minus(Duration.ofHours(i)) : null)
                        .build());
            } else {
                events.add(clickBuilder(user, i % 2 == 0 ? ClickType.VIEW : ClickType.CART, at)
                        .setDeviceId("device-" + (i % 3))
                        .build());
            }
        }
        return events;
    }

    private static UserFeatureState stateOf(PurchaseEvent purchase) {
        UserFeatureState state = new UserFeatureState();
        state.apply(purchase);
        return state;
    }

    /** Encoded state of a device (or IP) that saw {@code users}, given as "user@minutes-after-start" pairs. */
    private static String seen(String users, Instant start) {
        NetworkActivityState state = new NetworkActivityState();
        for (String entry : users.split(" ")) {
            String[] userAndMinutes = entry.split("@");
            state.record(Hashing.hash64(userAndMinutes[0]), start.plus(Duration.ofMinutes(Long.parseLong(userAndMinutes[1]))));
        }
        return HexFormat.of().formatHex(NetworkActivityStateCodec.encode(state));
    }

    /** A network store's contents with each value as the hex of its bytes, comparable as a whole. */
    private Map<String, String> encodedStates(String storeName) {
        Map<String, String> states = new TreeMap<>();
        topology.storeContents(storeName).forEach((key, bytes) -> states.put(key, HexFormat.of().formatHex(bytes)));
        return states;
    }

    private static Map<String, Double> networkCounts(FeatureVector fraud) {
        Map<String, Double> counts = new TreeMap<>(fraud.toMap());
        counts.keySet().removeIf(name -> !name.startsWith("device_") && !name.startsWith("ip_"));
        counts.remove("device_known");
        counts.remove("device_changes");
        counts.remove("ip_known");
        return counts;
    }
}
