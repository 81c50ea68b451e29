package io.segmenter.features;

import io.segmenter.features.validation.EventValidator;
import io.segmenter.features.validation.Rejection;
import io.segmenter.features.validation.RejectionReason;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Replays events through the same state and extraction code as the stream, for the trainer:
 * feed events in event-time order (see {@link ReplayEvent#BY_EVENT_TIME}); each one is validated,
 * then folded into its user's {@link UserFeatureState}; a purchase first takes its counts from its
 * device's {@link NetworkActivityState} and records itself there, then does the same with its IP's,
 * then is applied to the user state, and its fraud vector goes to the purchase listener. A
 * purchase without a device (or IP) gets zero counts for that half. Nothing reads ahead: every
 * vector sees only the events accepted before it (and the purchase itself).
 *
 * <p>What the stream does beyond this (dropping events later than its grace period) cannot happen
 * to a file replayed in event-time order.
 *
 * <p>Not thread-safe. Memory: about 8 KB per user with {@link StateStorage#OBJECTS}; with
 * {@link StateStorage#ENCODED} the encoded size (hundreds of bytes) at the cost of a decode and
 * encode per event, which is also exactly what the stream does.
 */
public final class OfflineFeatureReplay {

    /** Receives each accepted purchase with its fraud vector, in replay order. */
    @FunctionalInterface
    public interface PurchaseListener {
        void onPurchase(PurchaseEvent purchase, FeatureVector fraudVector);
    }

    /** How user states are held between events. */
    public enum StateStorage {
        /** Live objects: fastest. */
        OBJECTS,
        /** Encoded bytes, decoded and re-encoded per event: smallest, and the stream's exact path. */
        ENCODED
    }

    private static final int PURGE_EVERY_PURCHASES = 1 << 16;

    private final EventValidator validator;
    private final long nowMillis;
    private final PurchaseListener purchaseListener;
    private final StateStorage storage;

    private final Map<String, UserFeatureState> liveUsers = new HashMap<>();
    private final Map<String, byte[]> encodedUsers = new HashMap<>();
    private final UserFeatureState scratch = new UserFeatureState();
    private final Map<String, Long> lastEventMillisByUser = new HashMap<>();
    private final Map<String, NetworkActivityState> devices = new HashMap<>();
    private final Map<String, NetworkActivityState> ips = new HashMap<>();
    private final Map<RejectionReason, Long> rejections = new EnumMap<>(RejectionReason.class);
    private long accepted;
    private long purchasesSincePurge;
    private long newestMillis = Long.MIN_VALUE;

    private OfflineFeatureReplay(Builder b) {
        this.validator = b.validator;
        this.nowMillis = b.now == null ? Long.MAX_VALUE : b.now.toEpochMilli();
        this.purchaseListener = b.purchaseListener;
        this.storage = b.storage;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Replays all of {@code events}, in the order given. */
    public void replay(Iterable<? extends ReplayEvent> events) {
        for (ReplayEvent e : events) {
            accept(e);
        }
    }

    /** Validates and folds in one event; the rejection, if it was rejected. */
    public Optional<Rejection> accept(ReplayEvent event) {
        Optional<Rejection> rejection = event instanceof ReplayEvent.Purchase p
                ? validator.validate(p.event(), nowMillis)
                : validator.validate(((ReplayEvent.Click) event).event(), nowMillis);
        if (rejection.isPresent()) {
            rejections.merge(rejection.get().reason(), 1L, Long::sum);
            return rejection;
        }
        accepted++;
        long t = event.eventTime().toEpochMilli();
        newestMillis = Math.max(newestMillis, t);
        String userId = event.userId();
        UserFeatureState state = load(userId);
        if (event instanceof ReplayEvent.Purchase p) {
            applyPurchase(state, userId, p.event());
        } else {
            state.apply(((ReplayEvent.Click) event).event());
        }
        store(userId, state);
        lastEventMillisByUser.put(userId, state.lastEventMillis);
        return Optional.empty();
    }

    /** Each user's segment vector as of that user's newest event time, by user id. */
    public Map<String, FeatureVector> snapshot() {
        Map<String, FeatureVector> out = new TreeMap<>();
        for (Map.Entry<String, Long> e : lastEventMillisByUser.entrySet()) {
            out.put(e.getKey(), FeatureExtractor.segmentVector(load(e.getKey()), Instant.ofEpochMilli(e.getValue())));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Every user's segment vector as of the same instant (normally the replay's current time), by user id. */
    public Map<String, FeatureVector> snapshot(Instant asOf) {
        Map<String, FeatureVector> out = new TreeMap<>();
        for (String userId : lastEventMillisByUser.keySet()) {
            out.put(userId, FeatureExtractor.segmentVector(load(userId), asOf));
        }
        return Collections.unmodifiableMap(out);
    }

    /** One user's segment vector as of {@code asOf}; empty for a user with no accepted event. */
    public Optional<FeatureVector> segmentVector(String userId, Instant asOf) {
        if (!lastEventMillisByUser.containsKey(userId)) {
            return Optional.empty();
        }
        return Optional.of(FeatureExtractor.segmentVector(load(userId), asOf));
    }

    public int userCount() {
        return lastEventMillisByUser.size();
    }

    public long acceptedCount() {
        return accepted;
    }

    /** Rejected events by reason. */
    public Map<RejectionReason, Long> rejectionCounts() {
        return Collections.unmodifiableMap(new EnumMap<>(rejections));
    }

    /** Newest event time accepted so far. */
    public Optional<Instant> newestEventTime() {
        return newestMillis == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(newestMillis));
    }

    private void applyPurchase(UserFeatureState state, String userId, PurchaseEvent purchase) {
        long userHash = Hashing.hash64(userId);
        Instant t = purchase.getEventTime();
        ActivityCounts device = NetworkActivityState.deviceKey(purchase)
                .map(key -> countThenRecord(devices, key, userHash, t))
                .orElse(ActivityCounts.ZERO);
        ActivityCounts ip = NetworkActivityState.ipKey(purchase)
                .map(key -> countThenRecord(ips, key, userHash, t))
                .orElse(ActivityCounts.ZERO);
        state.apply(purchase);
        FeatureVector fraud = FeatureExtractor.fraudVector(state, purchase, NetworkCounts.of(device, ip));
        if (++purchasesSincePurge >= PURGE_EVERY_PURCHASES) {
            purgeIdleNetworkStates();
        }
        purchaseListener.onPurchase(purchase, fraud);
    }

    private static ActivityCounts countThenRecord(Map<String, NetworkActivityState> states, String key, long userHash,
            Instant t) {
        NetworkActivityState s = states.computeIfAbsent(key, k -> new NetworkActivityState());
        ActivityCounts counts = s.countsBefore(t);
        s.record(userHash, t);
        return counts;
    }

    /** Frees memory only: a state idle past its window can never count again. */
    private void purgeIdleNetworkStates() {
        purchasesSincePurge = 0;
        Instant newest = Instant.ofEpochMilli(newestMillis);
        devices.values().removeIf(s -> s.isIdle(newest, Duration.ZERO));
        ips.values().removeIf(s -> s.isIdle(newest, Duration.ZERO));
    }

    private UserFeatureState load(String userId) {
        if (storage == StateStorage.OBJECTS) {
            return liveUsers.computeIfAbsent(userId, k -> new UserFeatureState());
        }
        byte[] bytes = encodedUsers.get(userId);
        if (bytes == null) {
            scratch.reset();
        } else {
            UserFeatureStateCodec.decodeInto(bytes, scratch);
        }
        return scratch;
    }

    private void store(String userId, UserFeatureState state) {
        if (storage == StateStorage.ENCODED) {
            encodedUsers.put(userId, UserFeatureStateCodec.encode(state));
        }
    }

    /** Configures a replay. */
    public static final class Builder {
        private EventValidator validator = new EventValidator();
        private Instant now;
        private PurchaseListener purchaseListener = (p, v) -> { };
        private StateStorage storage = StateStorage.OBJECTS;

        private Builder() {
        }

        /** Default: {@link EventValidator} with {@code ValidationPolicy.DEFAULTS}. */
        public Builder validator(EventValidator validator) {
            this.validator = Objects.requireNonNull(validator, "validator");
            return this;
        }

        /** "Now" for the future-timestamp check; default: no such check (historic data). */
        public Builder now(Instant now) {
            this.now = Objects.requireNonNull(now, "now");
            return this;
        }

        public Builder onPurchase(PurchaseListener listener) {
            this.purchaseListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder storage(StateStorage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        public OfflineFeatureReplay build() {
            return new OfflineFeatureReplay(this);
        }
    }
}
