package io.segmenter.stream.topology;

import static io.segmenter.stream.topology.Events.BASE;
import static io.segmenter.stream.topology.Events.click;
import static io.segmenter.stream.topology.Events.purchase;
import static io.segmenter.stream.topology.Events.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.features.FeatureVector;
import io.segmenter.features.OfflineFeatureReplay;
import io.segmenter.features.ReplayEvent;
import io.segmenter.model.DemoBundles;
import io.segmenter.model.ModelBundle;
import io.segmenter.model.PredictiveHeads;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.stream.http.PredictionsAttribute;
import io.segmenter.stream.http.UserSnapshot;
import io.segmenter.stream.scoring.CurrentSegment;
import io.segmenter.stream.scoring.LiveModels;
import io.segmenter.stream.scoring.UserPredictions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The predictive heads scored in the stream's batches, kept with the user's segment and served by
 * {@code GET /users/{id}}: serving equals training, i.e. the stored predictions are exactly what the
 * bundle's heads give for the vector the trainer's replay computes from the same events.
 */
class PredictionsTopologyTest {

    private static final Instant NOW = BASE.plus(Duration.ofDays(60));
    private static final Instant T0 = BASE.plus(Duration.ofDays(1)).plus(Duration.ofHours(10));

    @TempDir
    Path stateDir;

    private TopologyHarness topology;

    @AfterEach
    void closeTopology() {
        if (topology != null) {
            topology.close();
        }
    }

    private static List<Object> shoppers() {
        List<Object> events = new ArrayList<>();
        events.add(view("browser", T0));
        events.add(view("browser", T0.plusSeconds(30)));
        events.add(click("carter", ClickType.CART, T0.plusSeconds(5)));
        events.add(view("buyer", T0.minus(Duration.ofDays(3))));
        events.add(purchase("buyer", 40, T0.minus(Duration.ofDays(2))));
        events.add(purchase("buyer", 25, T0.plusSeconds(10)));
        events.add(view("buyer", T0.plusSeconds(50)));
        events.sort((a, b) -> time(a).compareTo(time(b)));
        return events;
    }

    @Test
    void storesWhatTheBundlesHeadsPredictForTheReplayedVector() {
        ModelBundle bundle = DemoBundles.withPredictions(DemoBundles.DEFAULT_SEED);
        topology = TopologyHarness.builder(stateDir, NOW).models(LiveModels.of(bundle)).start();
        List<Object> events = shoppers();
        topology.sendAll(events);
        topology.advanceWallClock(Duration.ofSeconds(1));

        OfflineFeatureReplay replay = OfflineFeatureReplay.builder().build();
        events.forEach(e -> replay.accept(e instanceof ClickEvent c ? ReplayEvent.of(c) : ReplayEvent.of((PurchaseEvent) e)));
        PredictiveHeads heads = bundle.predictiveHeads().orElseThrow();
        java.util.Set<Double> expectedOrders = new java.util.HashSet<>();
        for (String user : List.of("browser", "carter", "buyer")) {
            FeatureVector offline = replay.snapshot().get(user);
            PredictiveHeads.Prediction expected = heads.predict(new double[][] {offline.values()}).get(0);

            expectedOrders.add(expected.expectedPurchases());
            CurrentSegment stored = topology.currentSegment(user).orElseThrow();
            assertThat(stored.predictions()).isEqualTo(UserPredictions.of(expected, heads));
            assertThat(stored.predictions().purchaseHorizon()).isEqualTo(Duration.ofDays(1));
            assertThat(new PredictionsAttribute().read(new UserSnapshot(user, offline), topology.localStores()))
                    .contains(new PredictionsAttribute.Predictions(expected.purchaseProbability(),
                            expected.expectedPurchases(), expected.churnProbability(), "PT24H", "PT72H",
                            bundle.modelVersion()));
        }
        assertThat(expectedOrders).as("different users, different predictions: no constant passes").hasSize(3);
    }

    @Test
    void aModelWithoutHeadsStoresAndServesNoPredictions() {
        topology = TopologyHarness.builder(stateDir, NOW).models(LiveModels.of(TestModels.demo())).start();
        topology.sendAll(shoppers());
        topology.advanceWallClock(Duration.ofSeconds(1));

        CurrentSegment stored = topology.currentSegment("buyer").orElseThrow();
        assertThat(stored.predictions()).isNull();
        assertThat(new PredictionsAttribute().read(new UserSnapshot("buyer", topology.segmentVector("buyer", T0)),
                topology.localStores())).isEmpty();
    }

    private static Instant time(Object event) {
        return event instanceof ClickEvent c ? c.getEventTime() : ((PurchaseEvent) event).getEventTime();
    }
}
