package io.segmenter.stream.topology;

import io.segmenter.features.FeatureExtractor;
import io.segmenter.features.FeatureVector;
import io.segmenter.features.NetworkCounts;
import io.segmenter.features.UserFeatureState;
import io.segmenter.features.UserFeatureStateCodec;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds a user's clicks and purchases into the user's feature state, and completes each
 * purchase's fraud features when both halves are known: the user half is taken when the
 * purchase reaches the state (so it sees exactly the events before it), the device/IP counts
 * arrive from the re-keyed path, in either order. Emits, keyed by user, a
 * {@link FeatureUpdate.UserChanged} for every click and purchase folded in, the
 * {@link PurchaseFeatures} of every completed purchase, and a {@link FeatureUpdate.UserForgotten}
 * for every evicted user (before its state is deleted, so that it can still be scored). A
 * {@link UserInput.Deletion} erases the user here (state, waiting purchase halves and the recent
 * event ids of {@value SegmentationTopology#USER_EVENT_IDS_STORE}) and forwards a
 * {@link FeatureUpdate.UserDeleted}.
 *
 * <p>Stores: the user state (encoded with {@link UserFeatureStateCodec}), pending purchase
 * halves keyed by {@code userId|eventId}, and an {@link ExpiryIndex} of the users by the day of
 * their newest event ({@code 000019800|userId}), rewritten only when that day changes. Once per
 * day of stream time, users idle for longer than the longest window plus grace are evicted: the
 * index's due days are range-scanned, each candidate re-checked against its stored newest event
 * time, and the user's state, index entry and recent event ids deleted, so the cost follows the
 * users due, not the users held. Pending halves older than a day (their other half was lost, e.g.
 * dead-lettered) are dropped by a scan of the pending store, which holds only purchases in flight.
 * State written before the index existed (restored from an older version: users but an empty
 * index) is indexed by one full scan when the processor first runs.
 *
 * <p>The state object is decoded into one reused instance and mutated in place: it never
 * leaves this processor (see docs/decisions/0002-feature-state.md).
 */
final class UserFeatureProcessor extends ContextualProcessor<String, UserInput, String, FeatureUpdate> {

    private static final Duration EVICTION_INTERVAL = Duration.ofDays(1);
    private static final Duration PENDING_RETENTION = Duration.ofDays(1);

    private final String userStoreName;
    private final String pendingStoreName;
    private final String indexStoreName;
    private final Duration grace;
    private final TopologyMetrics metrics;
    private final UserFeatureState scratch = new UserFeatureState();
    private KeyValueStore<String, byte[]> users;
    private KeyValueStore<String, byte[]> pending;
    private KeyValueStore<String, byte[]> recentIds;
    private ExpiryIndex expiry;

    UserFeatureProcessor(String userStoreName, String pendingStoreName, String indexStoreName, Duration grace,
                         TopologyMetrics metrics) {
        this.userStoreName = userStoreName;
        this.pendingStoreName = pendingStoreName;
        this.indexStoreName = indexStoreName;
        this.grace = grace;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, FeatureUpdate> context) {
        super.init(context);
        users = context.getStateStore(userStoreName);
        pending = context.getStateStore(pendingStoreName);
        recentIds = context.getStateStore(SegmentationTopology.USER_EVENT_IDS_STORE);
        expiry = new ExpiryIndex(context.getStateStore(indexStoreName), EVICTION_INTERVAL);
        context.schedule(EVICTION_INTERVAL, PunctuationType.STREAM_TIME, this::evict);
    }

    @Override
    public void process(Record<String, UserInput> record) {
        expiry.indexOnce(users, UserFeatureStateCodec::lastEventMillis);
        String user = record.key();
        UserInput input = record.value();
        if (input instanceof UserInput.Click click) {
            byte[] before = users.get(user);
            UserFeatureState state = load(before);
            long previousLastEvent = state.lastEventMillis();
            state.apply(click.event());
            save(user, before, previousLastEvent, state);
            metrics.processed(typeOf(click.event()));
            context().forward(record.withValue(new FeatureUpdate.UserChanged(click.event().getEventTime().toEpochMilli())));
        } else if (input instanceof UserInput.Purchase purchase) {
            PurchaseEvent event = purchase.event();
            byte[] before = users.get(user);
            UserFeatureState state = load(before);
            long previousLastEvent = state.lastEventMillis();
            state.apply(event);
            save(user, before, previousLastEvent, state);
            metrics.processed("purchase");
            context().forward(record.withValue(new FeatureUpdate.UserChanged(event.getEventTime().toEpochMilli())));
            FeatureVector userHalf = FeatureExtractor.fraudVector(state, event, NetworkCounts.NONE);
            String key = pendingKey(event);
            PendingPurchaseCodec.Pending other = pendingHalf(key);
            if (other == null) {
                pending.put(key, PendingPurchaseCodec.encodeUserHalf(userHalf));
            } else if (other.kind() == PendingPurchaseCodec.USER_HALF) {
                // the same purchase delivered twice before its counts came back: keep the first
                metrics.duplicateDropped();
            } else {
                pending.delete(key);
                complete(record, event, userHalf, other.counts());
            }
        } else if (input instanceof UserInput.Deletion) {
            erase(user);
            context().forward(record.withValue(new FeatureUpdate.UserDeleted()));
        } else if (input instanceof UserInput.Network network) {
            PurchaseEvent event = network.enriched().purchase();
            String key = pendingKey(event);
            PendingPurchaseCodec.Pending other = pendingHalf(key);
            if (other == null) {
                pending.put(key, PendingPurchaseCodec.encodeNetworkHalf(event.getEventTime().toEpochMilli(), network.enriched().counts()));
            } else if (other.kind() == PendingPurchaseCodec.NETWORK_HALF) {
                metrics.duplicateDropped();
            } else {
                pending.delete(key);
                complete(record, event, other.userHalf(), network.enriched().counts());
            }
        }
    }

    private void erase(String user) {
        byte[] state = users.get(user);
        if (state != null) {
            expiry.remove(user, UserFeatureStateCodec.lastEventMillis(state));
            users.delete(user);
        }
        recentIds.delete(user);
        List<String> halves = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> mine = pending.prefixScan(user + '|', new StringSerializer())) {
            while (mine.hasNext()) {
                halves.add(mine.next().key);
            }
        }
        halves.forEach(pending::delete);
        metrics.userDeleted();
    }

    private void complete(Record<String, UserInput> record, PurchaseEvent event, FeatureVector userHalf, NetworkCounts counts) {
        context().forward(record.withValue(new PurchaseFeatures(event, FeatureExtractor.withNetworkCounts(userHalf, counts))));
    }

    private PendingPurchaseCodec.Pending pendingHalf(String key) {
        byte[] bytes = pending.get(key);
        return bytes == null ? null : PendingPurchaseCodec.decode(bytes);
    }

    /** The stored state {@code bytes} decoded, or a new state when there is none. */
    private UserFeatureState load(byte[] bytes) {
        if (bytes == null) {
            metrics.userCreated();
            return new UserFeatureState();
        }
        UserFeatureStateCodec.decodeInto(bytes, scratch);
        return scratch;
    }

    /** Stores the state and keeps the user's expiry entry on the day of its newest event. */
    private void save(String user, byte[] before, long previousLastEvent, UserFeatureState state) {
        users.put(user, UserFeatureStateCodec.encode(state));
        if (before == null) {
            expiry.add(user, state.lastEventMillis());
        } else {
            expiry.move(user, previousLastEvent, state.lastEventMillis());
        }
    }

    private void evict(long streamTimeMillis) {
        expiry.indexOnce(users, UserFeatureStateCodec::lastEventMillis);
        long cutoff = UserFeatureState.idleCutoffMillis(streamTimeMillis, grace);
        // in key order, as a scan of the user store found them
        Set<String> idle = new TreeSet<>();
        for (ExpiryIndex.Entry entry : expiry.dueBefore(cutoff)) {
            byte[] bytes = users.get(entry.key());
            if (bytes == null) {
                expiry.remove(entry); // out of step with the state (cannot happen under exactly-once): nothing to evict
                continue;
            }
            long lastEvent = UserFeatureStateCodec.lastEventMillis(bytes);
            if (lastEvent < cutoff) {
                idle.add(entry.key());
                expiry.remove(entry);
            } else if (expiry.bucketOf(lastEvent) != entry.bucket()) {
                expiry.remove(entry); // out of step with the state: file the user under its real day
                expiry.add(entry.key(), lastEvent);
            }
        }
        for (String user : idle) {
            // forwarded before the delete: the scoring processor may still score the user from the store
            context().forward(new Record<>(user, new FeatureUpdate.UserForgotten(), streamTimeMillis));
            users.delete(user);
            recentIds.delete(user);
        }
        if (!idle.isEmpty()) {
            metrics.usersEvicted(idle.size());
        }
        List<String> stale = new ArrayList<>();
        long oldest = streamTimeMillis - PENDING_RETENTION.toMillis();
        try (KeyValueIterator<String, byte[]> all = pending.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (PendingPurchaseCodec.decode(entry.value).eventTimeMillis() < oldest) {
                    stale.add(entry.key);
                }
            }
        }
        stale.forEach(pending::delete);
    }

    private static String pendingKey(PurchaseEvent event) {
        return event.getUserId() + '|' + event.getEventId();
    }

    private static String typeOf(ClickEvent click) {
        return click.getType().name().toLowerCase(Locale.ROOT);
    }
}
