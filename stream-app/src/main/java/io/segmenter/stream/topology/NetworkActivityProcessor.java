package io.segmenter.stream.topology;

import io.segmenter.features.ActivityCounts;
import io.segmenter.features.Hashing;
import io.segmenter.features.NetworkActivityState;
import io.segmenter.features.NetworkActivityStateCodec;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts, per device (or per IP), the distinct users and purchases seen in the last 24 hours and
 * 10 minutes <em>before</em> each purchase, adds them to the purchase and then records it.
 * Input is keyed by device (or IP). States idle for longer than the 24-hour window are removed
 * once per hour of stream time, found through an {@link ExpiryIndex} of the keys by the hour of
 * their newest purchase (rewritten only when that hour changes), so the hourly cost follows the
 * states due, not the states held. State written before the index existed is indexed by one full
 * scan when the processor first runs.
 */
final class NetworkActivityProcessor implements FixedKeyProcessor<String, EnrichedPurchase, EnrichedPurchase> {

    enum Kind { DEVICE, IP }

    private static final Duration EVICTION_INTERVAL = Duration.ofHours(1);

    private final String storeName;
    private final String indexStoreName;
    private final Kind kind;
    private FixedKeyProcessorContext<String, EnrichedPurchase> context;
    private KeyValueStore<String, byte[]> store;
    private ExpiryIndex expiry;

    NetworkActivityProcessor(String storeName, String indexStoreName, Kind kind) {
        this.storeName = storeName;
        this.indexStoreName = indexStoreName;
        this.kind = kind;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, EnrichedPurchase> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.expiry = new ExpiryIndex(context.getStateStore(indexStoreName), EVICTION_INTERVAL);
        context.schedule(EVICTION_INTERVAL, PunctuationType.STREAM_TIME, this::evictIdle);
    }

    @Override
    public void process(FixedKeyRecord<String, EnrichedPurchase> record) {
        PurchaseEvent purchase = record.value().purchase();
        Optional<String> key = kind == Kind.DEVICE ? NetworkActivityState.deviceKey(purchase) : NetworkActivityState.ipKey(purchase);
        if (key.isEmpty()) {
            context.forward(record);
            return;
        }
        expiry.indexOnce(store, NetworkActivityStateCodec::newestMillis);
        byte[] bytes = store.get(key.get());
        NetworkActivityState state = bytes == null ? new NetworkActivityState() : NetworkActivityStateCodec.decode(bytes);
        long previousNewest = state.newestMillis();
        Instant at = purchase.getEventTime();
        ActivityCounts counts = state.countsBefore(at);
        state.record(Hashing.hash64(purchase.getUserId()), at);
        store.put(key.get(), NetworkActivityStateCodec.encode(state));
        if (bytes == null) {
            expiry.add(key.get(), state.newestMillis());
        } else {
            expiry.move(key.get(), previousNewest, state.newestMillis());
        }
        EnrichedPurchase enriched = record.value();
        context.forward(record.withValue(new EnrichedPurchase(purchase,
                kind == Kind.DEVICE ? enriched.counts().withDevice(counts) : enriched.counts().withIp(counts))));
    }

    private void evictIdle(long streamTimeMillis) {
        expiry.indexOnce(store, NetworkActivityStateCodec::newestMillis);
        long cutoff = NetworkActivityState.idleCutoffMillis(streamTimeMillis, Duration.ZERO);
        List<String> idle = new ArrayList<>();
        for (ExpiryIndex.Entry entry : expiry.dueBefore(cutoff)) {
            byte[] bytes = store.get(entry.key());
            long newest = bytes == null ? Long.MIN_VALUE : NetworkActivityStateCodec.newestMillis(bytes);
            if (bytes == null || newest < cutoff) {
                expiry.remove(entry);
                if (bytes != null) {
                    idle.add(entry.key());
                }
            } else if (expiry.bucketOf(newest) != entry.bucket()) {
                expiry.remove(entry); // out of step with the state: file the key under its real hour
                expiry.add(entry.key(), newest);
            }
        }
        idle.forEach(store::delete);
    }
}
