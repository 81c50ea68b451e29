package io.segmenter.stream.topology;

import static io.segmenter.stream.topology.Events.BASE;
import static io.segmenter.stream.topology.Events.click;
import static io.segmenter.stream.topology.Events.clickBuilder;
import static io.segmenter.stream.topology.Events.purchase;
import static io.segmenter.stream.topology.Events.purchaseBuilder;
import static io.segmenter.stream.topology.Events.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.features.FeatureExtractor;
import io.segmenter.features.FeatureVector;
import io.segmenter.features.OfflineFeatureReplay;
import io.segmenter.features.ReplayEvent;
import io.segmenter.features.UserFeatureState;
import io.segmenter.features.validation.EventValidator;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.LineItem;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.stream.config.SegmenterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-user features through the topology, family by family, read back from the user store as
 * {@link FeatureExtractor#segmentVector} would serve them; eviction of idle users; and parity with
 * {@link OfflineFeatureReplay}, the trainer's computation, fed the same events.
 *
 * <p>Windows are whole tiles: the N-tile window as of T covers the N minute (hour, day) tiles
 * ending with T's tile, so as of a tile-aligned T the ten-minute window is [T - 9m, T + 1m).
 */
class UserFeaturesTopologyTest {

    private static final Duration GRACE = Duration.ofMinutes(10);
    /** The driver's wall clock: later than every event here. */
    private static final Instant NOW = Instant.parse("2024-12-31T00:00:00Z");
    /** A Wednesday midnight, 30 days after BASE: tile-aligned at every level. */
    private static final Instant T = BASE.plus(Duration.ofDays(30));
    private static final Duration ONE_MS = Duration.ofMillis(1);
    private static final Duration SESSION_GAP = UserFeatureState.SESSION_GAP;

    @TempDir
    Path stateDir;

    private final CountingTopologyMetrics metrics = new CountingTopologyMetrics();
    private TopologyHarness topology;

    @BeforeEach
    void startTopology() {
        topology = TopologyHarness.builder(stateDir, NOW).config("grace", GRACE.toString()).metrics(metrics).start();
    }

    @AfterEach
    void closeTopology() {
        topology.close();
    }

    // ---- windows

    @Test
    void minuteWindowsCountWholeMinuteTilesEndingWithTheReadTime() {
        topology.send(
                view("u1", T.minus(Duration.ofMinutes(59)).minus(ONE_MS)),
                view("u1", T.minus(Duration.ofMinutes(59))),
                view("u1", T.minus(Duration.ofMinutes(9)).minus(ONE_MS)),
                view("u1", T.minus(Duration.ofMinutes(9))),
                view("u1", T.minus(ONE_MS)),
                view("u1", T));

        assertThat(topology.segmentVector("u1", T).toMap())
                .containsEntry("events_1m", 1.0)
                .containsEntry("events_10m", 3.0)
                .containsEntry("events_1h", 5.0)
                .containsEntry("views_1h", 5.0);
    }

    @Test
    void minuteWindowsSlideWhenReadLater() {
        topology.send(
                view("u1", T.minus(Duration.ofMinutes(59))),
                view("u1", T.minus(Duration.ofMinutes(9))),
                view("u1", T.minus(ONE_MS)),
                view("u1", T));

        assertThat(topology.segmentVector("u1", T.plus(Duration.ofMinutes(1))).toMap())
                .containsEntry("events_1m", 0.0)
                .containsEntry("events_10m", 2.0)
                .containsEntry("events_1h", 3.0);
    }

    @Test
    void dayWindowCountsWholeHourTilesEndingWithTheReadTime() {
        topology.send(
                view("u1", T.minus(Duration.ofHours(23)).minus(ONE_MS)),
                view("u1", T.minus(Duration.ofHours(23))),
                view("u1", T));

        assertThat(topology.segmentVector("u1", T).toMap())
                .containsEntry("events_24h", 2.0)
                .containsEntry("views_24h", 2.0)
                .containsEntry("views_7d", 3.0);
    }

    @Test
    void weekAndMonthWindowsCountWholeDayTilesEndingWithTheReadTime() {
        topology.send(
                view("u1", T.minus(Duration.ofDays(29)).minus(ONE_MS)),
                view("u1", T.minus(Duration.ofDays(29))),
                view("u1", T.minus(Duration.ofDays(6)).minus(ONE_MS)),
                view("u1", T.minus(Duration.ofDays(6))),
                view("u1", T));

        assertThat(topology.segmentVector("u1", T).toMap())
                .containsEntry("views_7d", 2.0)
                .containsEntry("views_30d", 4.0)
                .containsEntry("events_24h", 1.0);
    }

    @Test
    void countsEachEventTypeInTheDayWeekAndMonthWindows() {
        Instant at = T.minus(Duration.ofDays(10));
        topology.send(
                view("u1", at),
                click("u1", ClickType.CART, at.plusSeconds(60)),
                click("u1", ClickType.REMOVE_FROM_CART, at.plusSeconds(120)),
                click("u1", ClickType.WISHLIST, at.plusSeconds(180)),
                click("u1", ClickType.SEARCH, at.plusSeconds(240)));
        topology.send(
                view("u1", T.minus(Duration.ofHours(1))),
                click("u1", ClickType.CART, T.minus(Duration.ofMinutes(30))));
        topology.send(purchase("u1", 20, T));

        assertThat(topology.segmentVector("u1", T).toMap())
                .containsEntry("events_24h", 3.0)
                .containsEntry("views_24h", 1.0)
                .containsEntry("carts_24h", 1.0)
                .containsEntry("removes_24h", 0.0)
                .containsEntry("wishlists_24h", 0.0)
                .containsEntry("purchases_24h", 1.0)
                .containsEntry("views_7d", 1.0)
                .containsEntry("carts_7d", 1.0)
                .containsEntry("purchases_7d", 1.0)
                .containsEntry("views_30d", 2.0)
                .containsEntry("carts_30d", 2.0)
                .containsEntry("removes_30d", 1.0)
                .containsEntry("wishlists_30d", 1.0)
                .containsEntry("searches_30d", 1.0)
                .containsEntry("purchases_30d", 1.0);
    }

    // ---- sessions

    @Test
    void thirtyMinutesOfSilenceContinueTheSessionAndOneMillisecondMoreStartsANewOne() {
        Instant start = BASE.plus(Duration.ofHours(10));
        Instant firstSessionEnd = start.plus(Duration.ofMinutes(40));
        Instant secondSessionStart = firstSessionEnd.plus(SESSION_GAP).plus(ONE_MS);
        Instant secondSessionEnd = secondSessionStart.plus(Duration.ofMinutes(20));
        topology.send(
                view("u1", start),
                view("u1", start.plus(Duration.ofMinutes(10))),
                view("u1", firstSessionEnd),
                view("u1", secondSessionStart),
                view("u1", secondSessionEnd));

        assertThat(topology.segmentVector("u1", secondSessionEnd).toMap())
                .containsEntry("sessions_30d", 2.0)
                .containsEntry("avg_session_minutes_30d", 30.0)
                .containsEntry("hours_since_previous_session", hours(Duration.between(firstSessionEnd, secondSessionEnd)));
    }

    @Test
    void currentSessionCountsAsPreviousOnceThirtyMinutesPassedWithoutEvents() {
        Instant end = BASE.plus(Duration.ofHours(10));
        topology.send(view("u1", end.minus(Duration.ofMinutes(5))), view("u1", end));

        Instant stillOpen = end.plus(SESSION_GAP);
        Instant closed = stillOpen.plus(Duration.ofMinutes(1));
        assertThat(topology.segmentVector("u1", stillOpen).get("hours_since_previous_session"))
                .isEqualTo(FeatureExtractor.RECENCY_CAP_HOURS);
        assertThat(topology.segmentVector("u1", closed).get("hours_since_previous_session"))
                .isEqualTo(hours(Duration.ofMinutes(31)));
    }

    // ---- spend, conversion, price

    @Test
    void sumsAveragesAndMaximisesSpend() {
        Instant day = BASE.plus(Duration.ofDays(1)).plus(Duration.ofHours(9));
        Instant lastPurchase = day.plus(Duration.ofDays(1));
        topology.send(
                purchase("u1", 10.00, day),
                purchase("u1", 25.50, day.plus(Duration.ofHours(1))),
                purchase("u1", 4.50, lastPurchase));

        assertThat(topology.segmentVector("u1", lastPurchase).toMap())
                .containsEntry("purchases_24h", 2.0)
                .containsEntry("spend_24h", 30.0)
                .containsEntry("purchases_7d", 3.0)
                .containsEntry("spend_7d", 40.0)
                .containsEntry("purchases_30d", 3.0)
                .containsEntry("spend_30d", 40.0)
                .containsEntry("avg_order_value_30d", 4000.0 / 3 / 100)
                .containsEntry("max_order_value_30d", 25.5)
                .containsEntry("purchase_days_7d", 2.0)
                .containsEntry("purchase_days_30d", 2.0)
                .containsEntry("lifetime_spend", 40.0)
                .containsEntry("lifetime_purchases", 3.0)
                .containsEntry("hours_since_last_purchase", 0.0);
    }

    @Test
    void computesViewToCartCartToPurchaseAndAbandonmentRates() {
        List<ClickEvent> clicks = new ArrayList<>();
        Instant at = BASE.plus(Duration.ofHours(8));
        for (int i = 0; i < 8; i++) {
            clicks.add(view("u1", at.plusSeconds(i)));
        }
        for (int i = 0; i < 4; i++) {
            clicks.add(click("u1", ClickType.CART, at.plusSeconds(10 + i)));
        }
        clicks.add(click("u1", ClickType.REMOVE_FROM_CART, at.plusSeconds(20)));
        topology.send(clicks.toArray(ClickEvent[]::new));
        topology.send(purchase("u1", 15, at.plusSeconds(30)));

        assertThat(topology.segmentVector("u1", at.plusSeconds(30)).toMap())
                .containsEntry("views_30d", 8.0)
                .containsEntry("carts_30d", 4.0)
                .containsEntry("removes_30d", 1.0)
                .containsEntry("view_to_cart_rate_30d", 0.5)
                .containsEntry("cart_to_purchase_rate_30d", 0.25)
                .containsEntry("cart_abandonment_rate_30d", 0.5);
    }

    @Test
    void comparesAveragePriceViewedWithAveragePriceBought() {
        Instant at = BASE.plus(Duration.ofHours(8));
        topology.send(
                clickBuilder("u1", ClickType.VIEW, at).setPriceMinor(1_000L).build(),
                clickBuilder("u1", ClickType.VIEW, at.plusSeconds(1)).setPriceMinor(3_000L).build());
        topology.send(purchase("u1", 10, at.plusSeconds(2)));

        assertThat(topology.segmentVector("u1", at.plusSeconds(2)).toMap())
                .containsEntry("avg_price_viewed_30d", 20.0)
                .containsEntry("avg_price_bought_30d", 10.0)
                .containsEntry("price_sensitivity_30d", 0.5);
    }

    // ---- distinct values, profile, devices

    @Test
    void countsDistinctCategoriesAndBrandsOfClicksAndPurchasedLines() {
        Instant at = BASE.plus(Duration.ofHours(8));
        topology.send(
                clickBuilder("u1", ClickType.VIEW, at).setCategoryId("shoes").setBrand("acme").build(),
                clickBuilder("u1", ClickType.VIEW, at.plusSeconds(1)).setCategoryId("hats").setBrand("acme").build(),
                clickBuilder("u1", ClickType.VIEW, at.plusSeconds(2)).setCategoryId("shoes").setBrand("zenith").build(),
                clickBuilder("u1", ClickType.VIEW, at.plusSeconds(3)).setCategoryPath("garden.tools").build());
        topology.send(purchaseBuilder("u1", 30, at.plusSeconds(4)).setLineItems(List.of(
                LineItem.newBuilder().setProductId("p1").setCategoryId("socks").setBrand("umbra")
                        .setQuantity(1).setUnitPriceMinor(3_000L).build())).build());

        assertThat(topology.segmentVector("u1", at.plusSeconds(4)).toMap())
                .containsEntry("distinct_categories", 4.0)
                .containsEntry("distinct_brands", 3.0);
    }

    @Test
    void profilesActivityByHourOfDayAndWeekend() {
        Instant monday = BASE;
        Instant saturday = BASE.plus(Duration.ofDays(5));
        topology.send(
                view("u1", monday.plus(Duration.ofHours(2))),
                view("u1", monday.plus(Duration.ofHours(14))),
                view("u1", saturday.plus(Duration.ofHours(20))));

        assertThat(topology.segmentVector("u1", saturday.plus(Duration.ofHours(20))).toMap())
                .containsEntry("share_night", 1.0 / 3)
                .containsEntry("share_morning", 0.0)
                .containsEntry("share_afternoon", 1.0 / 3)
                .containsEntry("share_evening", 1.0 / 3)
                .containsEntry("share_weekend", 1.0 / 3);
    }

    @Test
    void countsDeviceAndIpChangesInEventTimeOrder() {
        Instant at = BASE.plus(Duration.ofHours(8));
        topology.send(
                clickBuilder("u1", ClickType.VIEW, at).setDeviceId("phone").setIp("10.0.0.1").build(),
                clickBuilder("u1", ClickType.VIEW, at.plusSeconds(1)).setDeviceId("laptop").setIp("10.0.0.1").build(),
                clickBuilder("u1", ClickType.VIEW, at.plusSeconds(2)).setDeviceId("phone").setIp("10.0.0.2").build());

        assertThat(topology.segmentVector("u1", at.plusSeconds(2)).toMap())
                .containsEntry("device_changes", 2.0)
                .containsEntry("ip_changes", 1.0)
                .containsEntry("distinct_devices", 2.0);
    }

    // ---- recency

    @Test
    void measuresRecencyAndTenureFromTheReadTime() {
        Instant bought = BASE.plus(Duration.ofHours(8));
        Instant created = bought.minus(Duration.ofDays(10));
        topology.send(purchaseBuilder("u1", 10, bought).setAccountCreatedTime(created).build());
        topology.send(view("u2", bought), view("u1", bought.plus(Duration.ofHours(1))));

        Instant read = bought.plus(Duration.ofHours(5));
        assertThat(topology.segmentVector("u1", read).toMap())
                .containsEntry("hours_since_last_purchase", 5.0)
                .containsEntry("tenure_days", Duration.between(created, read).toMillis() / 86_400_000.0);
        assertThat(topology.segmentVector("u2", read).toMap())
                .containsEntry("hours_since_last_purchase", FeatureExtractor.RECENCY_CAP_HOURS)
                .containsEntry("tenure_days", Duration.ofHours(5).toMillis() / 86_400_000.0);
    }

    // ---- eviction

    @Test
    void keepsUserIdleExactlyThirtyDaysPlusGrace() {
        Instant last = BASE.plus(Duration.ofHours(1));
        topology.send(view("idle", last));

        topology.send(view("sentinel", last.plus(Duration.ofDays(30)).plus(GRACE)));

        assertThat(topology.storeContents(SegmentationTopology.USER_FEATURES_STORE)).containsOnlyKeys("idle", "sentinel");
        assertThat(metrics.usersEvicted()).isZero();
    }

    @Test
    void evictsIdleUserAtTheFirstDailyPunctuationAfterThirtyDaysPlusGrace() {
        Instant last = BASE.plus(Duration.ofHours(1));
        Instant nextPunctuation = BASE.plus(Duration.ofDays(31));
        topology.send(view("idle", last));
        topology.send(view("sentinel", last.plus(Duration.ofDays(30)).plus(GRACE)));

        // stream time past the idle limit, but no midnight crossed since the last punctuation
        topology.send(view("sentinel", nextPunctuation.minus(ONE_MS)));
        assertThat(topology.storeContents(SegmentationTopology.USER_FEATURES_STORE)).containsOnlyKeys("idle", "sentinel");

        topology.send(view("sentinel", nextPunctuation));
        assertThat(topology.storeContents(SegmentationTopology.USER_FEATURES_STORE)).containsOnlyKeys("sentinel");
        assertThat(metrics.usersEvicted()).isEqualTo(1);
    }

    @Test
    void evictedUserWhoReturnsHasTheFeaturesTheOfflineReplayComputes() {
        Instant last = BASE.plus(Duration.ofHours(1));
        Instant back = BASE.plus(Duration.ofDays(32));
        List<Object> events = List.of(
                purchase("returning", 99, last),
                view("sentinel", BASE.plus(Duration.ofDays(31))),
                view("returning", back));

        topology.sendAll(events);

        assertThat(metrics.usersEvicted()).isEqualTo(1);
        assertThat(metrics.usersCreated()).isEqualTo(3);
        assertThat(topology.segmentVector("returning", back).toMap())
                .containsEntry("lifetime_purchases", 0.0)
                .containsEntry("tenure_days", 0.0);
        assertThat(topology.segmentVector("returning", back))
                .isEqualTo(offlineReplay(events).segmentVector("returning", back).orElseThrow());
    }

    // ---- parity

    @Test
    void everyUserHasTheSegmentVectorTheOfflineReplayComputes() {
        List<Object> events = mixedEvents();
        topology.sendAll(events);

        OfflineFeatureReplay offline = offlineReplay(events);
        Map<String, FeatureVector> expected = offline.snapshot();
        assertThat(topology.storeContents(SegmentationTopology.USER_FEATURES_STORE).keySet())
                .isEqualTo(expected.keySet())
                .hasSize(4);
        for (String user : expected.keySet()) {
            Instant last = topology.userState(user).orElseThrow().lastEventTime().orElseThrow();
            assertThat(topology.segmentVector(user, last)).as("vector of %s as of its last event", user)
                    .isEqualTo(expected.get(user));
            Instant later = last.plus(Duration.ofHours(30));
            assertThat(topology.segmentVector(user, later)).as("vector of %s a day later", user)
                    .isEqualTo(offline.segmentVector(user, later).orElseThrow());
        }
        assertThat(metrics.deadLettered()).isEqualTo(Map.of("negative-price", 9, "unknown-event-type", 10));
    }

    /**
     * Deterministic, in event-time order: four users interleaved seven minutes apart (sessions
     * continue, then a two-day pause every 40 events), every event type, prices, categories,
     * brands, devices, IPs, purchases with lines, and invalid events that both sides reject.
     */
    private static List<Object> mixedEvents() {
        ClickType[] types = {ClickType.VIEW, ClickType.VIEW, ClickType.CART, ClickType.VIEW, ClickType.REMOVE_FROM_CART,
            ClickType.WISHLIST, ClickType.SEARCH};
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            String user = "user-" + (i % 4);
            Instant at = BASE.plus(Duration.ofMinutes(7L * i)).plus(Duration.ofDays(2L * (i / 40)));
            if (i % 9 == 4) {
                events.add(purchaseBuilder(user, 5 + (i % 13) * 3.25, at)
                        .setDeviceId("device-" + (i % 3))
                        .setIp("10.0.0." + (i % 5))
                        .setItemCount(2)
                        .setAccountCreatedTime(BASE.minus(Duration.ofDays(i % 4 + 1)))
                        .setLineItems(List.of(LineItem.newBuilder().setProductId("p" + i).setCategoryId("cat-" + (i % 6))
                                .setBrand("brand-" + (i % 5)).setQuantity(2).setUnitPriceMinor(250L + i).build()))
                        .build());
            } else if (i % 26 == 3) {
                events.add(clickBuilder(user, ClickType.VIEW, at).setPriceMinor(-5L).build());
            } else if (i % 20 == 7) {
                events.add(click(user, ClickType.UNKNOWN, at));
            } else {
                events.add(clickBuilder(user, types[i % types.length], at)
                        .setCategoryId("cat-" + (i % 11))
                        .setBrand(i % 3 == 0 ? null : "brand-" + (i % 7))
                        .setPriceMinor(i % 2 == 0 ? 100L * (i % 17) : null)
                        .setDeviceId("device-" + (i % 3))
                        .setIp("10.0.0." + (i % 5))
                        .build());
            }
        }
        return events;
    }

    private static OfflineFeatureReplay offlineReplay(List<Object> events) {
        SegmenterConfig config = SegmenterConfig.defaults();
        OfflineFeatureReplay offline = OfflineFeatureReplay.builder()
                .validator(new EventValidator(ValidationPolicies.from(config)))
                .now(NOW)
                .build();
        offline.replay(events.stream()
                .map(e -> e instanceof ClickEvent c ? ReplayEvent.of(c) : ReplayEvent.of((PurchaseEvent) e))
                .toList());
        return offline;
    }

    private static double hours(Duration d) {
        return d.toMillis() / 3_600_000.0;
    }
}
