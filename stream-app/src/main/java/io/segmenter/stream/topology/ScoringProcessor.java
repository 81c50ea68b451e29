package io.segmenter.stream.topology;

import io.segmenter.features.FeatureExtractor;
import io.segmenter.features.FeatureVector;
import io.segmenter.features.UserFeatureState;
import io.segmenter.features.UserFeatureStateCodec;
import io.segmenter.model.AnomalyScore;
import io.segmenter.model.BatchScorer;
import io.segmenter.model.ModelBundle;
import io.segmenter.model.PredictiveHeads;
import io.segmenter.model.SegmentInfo;
import io.segmenter.model.SegmentScore;
import io.segmenter.schemas.avro.FraudAnomaly;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.avro.SegmentChange;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.scoring.CurrentSegment;
import io.segmenter.stream.scoring.CurrentSegmentCodec;
import io.segmenter.stream.scoring.FraudAnomalyCodec;
import io.segmenter.stream.scoring.LiveModels;
import io.segmenter.stream.scoring.OutputRecords;
import io.segmenter.stream.scoring.SegmentDecider;
import io.segmenter.stream.scoring.SegmentDecision;
import io.segmenter.stream.scoring.UserPredictions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores in batches, never per event. Users whose features changed are marked in a changelogged
 * store, and completed purchases wait in another (keyed by order id, so a redelivered order
 * replaces its waiting copy); both are scored together, one model call per batch of at most
 * {@code scoring.max.batch} rows, every {@code scoring.interval} of wall-clock time, and at once
 * when {@code scoring.max.batch} users (or purchases) are waiting.
 *
 * <p>The models are read once per batch ({@link LiveModels#current()}), so a batch never mixes
 * versions and a swap takes effect at the next batch. Each processor instance (one per task, so
 * one thread) keeps its own {@link BatchScorer} per model and makes a new one when the model
 * object changes. Without a live model nothing is scored and every mark stays until one arrives.
 *
 * <p>Users: the segment vector as of the user's newest event goes through {@link SegmentDecider};
 * a first assignment, a switch or a catalogue change emits a {@link SegmentChange}, and the
 * user's {@link CurrentSegment} is kept. A forgotten (evicted) user's segment is deleted and a
 * tombstone emitted; a deleted user (a user-deletions record) loses their mark unscored, their
 * waiting purchases, their last anomaly, their flagged orders and their segment, and a tombstone is
 * emitted; a user still marked when evicted is scored first (with the whole waiting
 * batch, one model call), so a fast replay that evicts users between two punctuations leaves none
 * unscored. Purchases: a score at or above the model's threshold emits a
 * {@link FraudAnomaly} unless the order id already raised one within {@code anomaly.dedup.window}
 * (event time; expired hourly on stream time); the user's latest anomaly is kept for queries.
 * A shadow model scores the same rows with its own scorer; only agreement metrics come of it.
 *
 * <p>Outputs are stamped with the emit (wall-clock) time: it is also their {@code emittedTime},
 * and event-time stamps from a replay of old data would make time retention delete them at once.
 */
final class ScoringProcessor extends ContextualProcessor<String, FeatureUpdate, String, ScoringOutput> {

    static final String USERS = "users";
    static final String PURCHASES = "purchases";
    /** The model-call metric's kind for the predictive heads, apart from the segment call. */
    static final String PREDICTIONS = "predictions";
    static final String SEGMENT_CHANGE_OUTPUT = "segment-change";
    static final String FRAUD_ANOMALY_OUTPUT = "fraud-anomaly";
    private static final String NONE = "none";
    private static final Duration DEDUP_EXPIRY_INTERVAL = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(ScoringProcessor.class);

    /** The scoring settings of {@link SegmenterConfig}. */
    record Settings(Duration interval, int maxBatch, SegmentDecider decider, int reasons, Duration dedupWindow) {

        Settings {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("scoring.interval must be positive: " + interval);
            }
            if (maxBatch < 1) {
                throw new IllegalArgumentException("scoring.max.batch must be at least 1: " + maxBatch);
            }
            if (reasons < 0) {
                throw new IllegalArgumentException("reasons.count must not be negative: " + reasons);
            }
            if (dedupWindow.isNegative()) {
                throw new IllegalArgumentException("anomaly.dedup.window must not be negative: " + dedupWindow);
            }
        }

        static Settings from(SegmenterConfig config) {
            return new Settings(config.getDuration("scoring.interval"), config.getInt("scoring.max.batch"),
                    new SegmentDecider(config.getDouble("segment.switch.margin"), config.getDuration("segment.min.dwell")),
                    config.getInt("reasons.count"), config.getDuration("anomaly.dedup.window"));
        }
    }

    private final Settings settings;
    private final LiveModels models;
    private final TopologyMetrics metrics;
    private final UserFeatureState scratch = new UserFeatureState();

    private ReadOnlyKeyValueStore<String, byte[]> features;
    private KeyValueStore<String, byte[]> pendingUsers;
    private KeyValueStore<String, byte[]> pendingPurchases;
    private KeyValueStore<String, byte[]> segments;
    private KeyValueStore<String, byte[]> anomalyOrders;
    private KeyValueStore<String, byte[]> lastAnomalies;
    private int pendingUserCount;
    private int pendingPurchaseCount;

    private ModelBundle liveBundle;
    private BatchScorer liveScorer;
    private ModelBundle shadowBundle;
    private BatchScorer shadowScorer;

    ScoringProcessor(Settings settings, LiveModels models, TopologyMetrics metrics) {
        this.settings = settings;
        this.models = models;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, ScoringOutput> context) {
        super.init(context);
        features = context.getStateStore(SegmentationTopology.USER_FEATURES_STORE);
        pendingUsers = context.getStateStore(SegmentationTopology.USER_SCORING_PENDING_STORE);
        pendingPurchases = context.getStateStore(SegmentationTopology.PURCHASE_SCORING_PENDING_STORE);
        segments = context.getStateStore(SegmentationTopology.USER_SEGMENT_STORE);
        anomalyOrders = context.getStateStore(SegmentationTopology.ORDER_ANOMALY_DEDUP_STORE);
        lastAnomalies = context.getStateStore(SegmentationTopology.USER_ANOMALY_STORE);
        // marks restored from the changelog are scored like new ones
        pendingUserCount = count(pendingUsers);
        pendingPurchaseCount = count(pendingPurchases);
        context.schedule(settings.interval(), PunctuationType.WALL_CLOCK_TIME, now -> scoreWaiting());
        context.schedule(DEDUP_EXPIRY_INTERVAL, PunctuationType.STREAM_TIME, this::expireAnomalyOrders);
    }

    @Override
    public void process(Record<String, FeatureUpdate> record) {
        String user = record.key();
        FeatureUpdate update = record.value();
        if (update instanceof FeatureUpdate.UserChanged changed) {
            mark(user, changed.eventTimeMillis());
            if (pendingUserCount >= settings.maxBatch()) {
                scoreUsers(models.current());
            }
        } else if (update instanceof PurchaseFeatures purchase) {
            if (pendingPurchases.get(purchase.purchase().getOrderId()) == null) {
                pendingPurchaseCount++;
            }
            pendingPurchases.put(purchase.purchase().getOrderId(), PurchaseFeaturesCodec.encode(purchase));
            if (pendingPurchaseCount >= settings.maxBatch()) {
                scorePurchases(models.current());
            }
        } else if (update instanceof FeatureUpdate.UserForgotten) {
            if (pendingUsers.get(user) != null) {
                // marked since the last batch and about to lose its features: score the waiting batch
                // now, while the feature store still holds the state, so the user is scored before the tombstone
                scoreUsers(models.current());
            }
            forget(user);
        } else if (update instanceof FeatureUpdate.UserDeleted) {
            erase(user);
        }
    }

    private void scoreWaiting() {
        LiveModels.Active active = models.current();
        scoreUsers(active);
        scorePurchases(active);
    }

    // ---- users

    private void mark(String user, long eventTimeMillis) {
        byte[] old = pendingUsers.get(user);
        if (old == null) {
            pendingUserCount++;
            pendingUsers.put(user, millis(eventTimeMillis));
        } else if (millis(old) < eventTimeMillis) {
            pendingUsers.put(user, millis(eventTimeMillis));
        }
    }

    private void scoreUsers(LiveModels.Active active) {
        ModelBundle live = active.live();
        if (live == null || pendingUserCount == 0) {
            return;
        }
        for (var batch = firstEntries(pendingUsers); !batch.isEmpty(); batch = firstEntries(pendingUsers)) {
            scoreUserBatch(batch, live, active.shadow());
        }
        pendingUserCount = 0;
    }

    private void scoreUserBatch(List<KeyValue<String, byte[]>> batch, ModelBundle live, ModelBundle shadow) {
        long start = System.nanoTime();
        List<String> users = new ArrayList<>(batch.size());
        long[] marks = new long[batch.size()];
        List<FeatureVector> vectors = new ArrayList<>(batch.size());
        for (KeyValue<String, byte[]> entry : batch) {
            pendingUsers.delete(entry.key);
            byte[] state = features.get(entry.key);
            if (state == null) {
                continue; // evicted since it was marked
            }
            UserFeatureStateCodec.decodeInto(state, scratch);
            Optional<Instant> newest = scratch.lastEventTime();
            if (newest.isPresent()) {
                marks[users.size()] = millis(entry.value);
                users.add(entry.key);
                vectors.add(FeatureExtractor.segmentVector(scratch, newest.get()));
            }
        }
        if (vectors.isEmpty()) {
            return;
        }
        BatchScorer scorer = scorer(live);
        long modelStart = System.nanoTime();
        List<SegmentScore> scores = scorer.scoreSegments(vectors);
        metrics.scoringModelCall(USERS, vectors.size(), Duration.ofNanos(System.nanoTime() - modelStart));
        long predictStart = System.nanoTime();
        Optional<List<PredictiveHeads.Prediction>> predictions = scorer.predict(vectors);
        if (predictions.isPresent()) {
            metrics.scoringModelCall(PREDICTIONS, vectors.size(), Duration.ofNanos(System.nanoTime() - predictStart));
        }
        List<SegmentInfo> catalogue = live.segments();
        Instant emitted = Instant.ofEpochMilli(context().currentSystemTimeMs());
        PredictiveHeads heads = scorer.predictiveHeads().orElse(null);
        for (int i = 0; i < users.size(); i++) {
            UserPredictions predicted = predictions.isEmpty() ? null : UserPredictions.of(predictions.get().get(i), heads);
            decide(users.get(i), vectors.get(i), scores.get(i), predicted, live, catalogue, marks[i], emitted);
        }
        if (shadow != null) {
            List<SegmentScore> shadowScores = shadowScorer(shadow).scoreSegments(vectors);
            for (int i = 0; i < users.size(); i++) {
                String liveBest = catalogue.get(scores.get(i).best()).id();
                String shadowBest = shadow.segment(shadowScores.get(i).best()).id();
                metrics.shadowCompared("segment", liveBest.equals(shadowBest));
            }
        }
        metrics.usersScored(vectors.size());
        metrics.scoringBatch(USERS, vectors.size(), Duration.ofNanos(System.nanoTime() - start));
    }

    private void decide(String user, FeatureVector vector, SegmentScore score, UserPredictions predicted, ModelBundle live,
                        List<SegmentInfo> catalogue, long markMillis, Instant emitted) {
        byte[] stored = segments.get(user);
        CurrentSegment current = stored == null ? null : CurrentSegmentCodec.decode(stored);
        SegmentDecision decision = settings.decider().decide(current, score, catalogue, live.modelVersion(), vector.asOf());
        if (decision.emits()) {
            SegmentChange change = OutputRecords.segmentChange(user, decision, score, catalogue,
                    live.explainer().segmentReasons(vector, decision.segmentIndex(), settings.reasons()),
                    live.modelVersion(), vector.asOf(), emitted);
            long emittedMillis = emitted.toEpochMilli();
            context().forward(new Record<>(user, new ScoringOutput.Change(change), emittedMillis));
            metrics.segmentChanged(current == null ? NONE : current.segmentId(), decision.next().segmentId());
            metrics.outputLatency(SEGMENT_CHANGE_OUTPUT, Duration.ofMillis(emittedMillis - markMillis));
        }
        CurrentSegment next = decision.next().withPredictions(predicted);
        if (!next.equals(current)) {
            segments.put(user, CurrentSegmentCodec.encode(next));
        }
    }

    private void forget(String user) {
        if (pendingUsers.delete(user) != null) {
            pendingUserCount--;
        }
        lastAnomalies.delete(user);
        byte[] stored = segments.delete(user);
        if (stored != null) {
            context().forward(new Record<>(user, new ScoringOutput.Change(null), context().currentSystemTimeMs()));
            metrics.segmentChanged(CurrentSegmentCodec.decode(stored).segmentId(), NONE);
        }
    }

    /**
     * Removes everything this processor holds of a user who asked to be forgotten, without scoring
     * their waiting mark, and always emits the tombstone (also when no segment was stored, so that
     * no earlier segment change survives compaction).
     */
    private void erase(String user) {
        if (pendingUsers.delete(user) != null) {
            pendingUserCount--;
        }
        lastAnomalies.delete(user);
        List<String> orders = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = pendingPurchases.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (isPendingPurchaseOf(user, entry.value)) {
                    orders.add(entry.key);
                }
            }
        }
        orders.forEach(pendingPurchases::delete);
        pendingPurchaseCount = Math.max(0, pendingPurchaseCount - orders.size());
        List<String> flagged = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = anomalyOrders.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (user.equals(flaggedUser(entry.value))) {
                    flagged.add(entry.key);
                }
            }
        }
        flagged.forEach(anomalyOrders::delete);
        byte[] stored = segments.delete(user);
        context().forward(new Record<>(user, new ScoringOutput.Change(null), context().currentSystemTimeMs()));
        if (stored != null) {
            metrics.segmentChanged(CurrentSegmentCodec.decode(stored).segmentId(), NONE);
        }
    }

    private static boolean isPendingPurchaseOf(String user, byte[] value) {
        try {
            return user.equals(PurchaseFeaturesCodec.decode(value).purchase().getUserId());
        } catch (SerializationException e) {
            return false; // dropped unscored at the next batch anyway
        }
    }

    // ---- purchases

    private void scorePurchases(LiveModels.Active active) {
        ModelBundle live = active.live();
        if (live == null || pendingPurchaseCount == 0) {
            return;
        }
        for (var batch = firstEntries(pendingPurchases); !batch.isEmpty(); batch = firstEntries(pendingPurchases)) {
            scorePurchaseBatch(batch, live, active.shadow());
        }
        pendingPurchaseCount = 0;
    }

    private void scorePurchaseBatch(List<KeyValue<String, byte[]>> batch, ModelBundle live, ModelBundle shadow) {
        long start = System.nanoTime();
        List<PurchaseFeatures> purchases = new ArrayList<>(batch.size());
        List<FeatureVector> vectors = new ArrayList<>(batch.size());
        int undecodable = 0;
        for (KeyValue<String, byte[]> entry : batch) {
            pendingPurchases.delete(entry.key);
            try {
                PurchaseFeatures purchase = PurchaseFeaturesCodec.decode(entry.value);
                purchases.add(purchase);
                vectors.add(purchase.fraudVector());
            } catch (SerializationException e) {
                // e.g. written before an incompatible upgrade: one lost score must not stop the task
                undecodable++;
            }
        }
        if (undecodable > 0) {
            LOG.warn("dropped {} waiting purchases that could not be decoded", undecodable);
        }
        if (purchases.isEmpty()) {
            return;
        }
        BatchScorer scorer = scorer(live);
        long modelStart = System.nanoTime();
        List<AnomalyScore> scores = scorer.scoreFraud(vectors);
        metrics.scoringModelCall(PURCHASES, vectors.size(), Duration.ofNanos(System.nanoTime() - modelStart));
        long emitted = context().currentSystemTimeMs();
        for (int i = 0; i < purchases.size(); i++) {
            if (scores.get(i).atOrAbove(live.fraudThreshold())) {
                flag(purchases.get(i), scores.get(i), live, emitted);
            }
        }
        if (shadow != null) {
            List<AnomalyScore> shadowScores = shadowScorer(shadow).scoreFraud(vectors);
            for (int i = 0; i < purchases.size(); i++) {
                metrics.shadowCompared("anomaly", scores.get(i).atOrAbove(live.fraudThreshold())
                        == shadowScores.get(i).atOrAbove(shadow.fraudThreshold()));
            }
        }
        metrics.purchasesScored(purchases.size());
        metrics.scoringBatch(PURCHASES, purchases.size(), Duration.ofNanos(System.nanoTime() - start));
    }

    private void flag(PurchaseFeatures features, AnomalyScore score, ModelBundle live, long emittedMillis) {
        PurchaseEvent purchase = features.purchase();
        if (anomalyOrders.get(purchase.getOrderId()) != null) {
            metrics.anomalySuppressed();
            return;
        }
        FraudAnomaly anomaly = OutputRecords.fraudAnomaly(purchase, score, live.fraudThreshold(),
                live.explainer().fraudReasons(features.fraudVector(), score, settings.reasons()),
                live.modelVersion(), Instant.ofEpochMilli(emittedMillis));
        String user = purchase.getUserId();
        context().forward(new Record<>(user, new ScoringOutput.Anomaly(anomaly), emittedMillis));
        anomalyOrders.put(purchase.getOrderId(), flaggedOrder(purchase.getEventTime().toEpochMilli(), user));
        byte[] last = lastAnomalies.get(user);
        if (last == null || !FraudAnomalyCodec.decode(last).getEventTime().isAfter(anomaly.getEventTime())) {
            lastAnomalies.put(user, FraudAnomalyCodec.encode(anomaly));
        }
        metrics.anomalyEmitted();
        metrics.outputLatency(FRAUD_ANOMALY_OUTPUT, Duration.ofMillis(emittedMillis - purchase.getEventTime().toEpochMilli()));
    }

    /** Forgets order ids whose purchase is older than the dedup window in stream time. */
    private void expireAnomalyOrders(long streamTimeMillis) {
        long oldest = streamTimeMillis - settings.dedupWindow().toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = anomalyOrders.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (millis(entry.value) < oldest) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(anomalyOrders::delete);
    }

    // ---- helpers

    private BatchScorer scorer(ModelBundle live) {
        if (live != liveBundle) {
            liveScorer = live.newScorer();
            liveBundle = live;
        }
        return liveScorer;
    }

    private BatchScorer shadowScorer(ModelBundle shadow) {
        if (shadow != shadowBundle) {
            shadowScorer = shadow.newScorer();
            shadowBundle = shadow;
        }
        return shadowScorer;
    }

    /** Up to {@code scoring.max.batch} entries in key order; the iterator is closed before the caller writes. */
    private List<KeyValue<String, byte[]>> firstEntries(KeyValueStore<String, byte[]> store) {
        List<KeyValue<String, byte[]>> entries = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext() && entries.size() < settings.maxBatch()) {
                entries.add(all.next());
            }
        }
        return entries;
    }

    private static int count(KeyValueStore<String, byte[]> store) {
        int n = 0;
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    /** An order-anomaly-dedup entry: the purchase's event time, then the user id (found again on erasure). */
    private static byte[] flaggedOrder(long eventTimeMillis, String user) {
        byte[] id = user.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Long.BYTES + id.length).putLong(eventTimeMillis).put(id).array();
    }

    /** The user of an order-anomaly-dedup entry; null for entries written before the user id was kept. */
    private static String flaggedUser(byte[] entry) {
        return entry.length <= Long.BYTES ? null
                : new String(entry, Long.BYTES, entry.length - Long.BYTES, StandardCharsets.UTF_8);
    }

    private static byte[] millis(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    private static long millis(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getLong();
    }
}
