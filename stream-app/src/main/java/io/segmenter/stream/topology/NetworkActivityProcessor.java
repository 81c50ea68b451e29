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
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts, per device (or per IP), the distinct users and purchases seen in the last 24 hours and
 * 10 minutes <em>before</em> each purchase, adds them to the purchase and then records it.
 * Input is keyed by device (or IP). States idle for longer than the 24-hour window are removed
 * once per hour of stream time.
 */
final class NetworkActivityProcessor implements FixedKeyProcessor<String, EnrichedPurchase, EnrichedPurchase> {

    enum Kind { DEVICE, IP }

    private static final Duration EVICTION_INTERVAL = Duration.ofHours(1);

    private final String storeName;
    private final Kind kind;
    private FixedKeyProcessorContext<String, EnrichedPurchase> context;
    private KeyValueStore<String, byte[]> store;

    NetworkActivityProcessor(String storeName, Kind kind) {
        this.storeName = storeName;
        this.kind = kind;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, EnrichedPurchase> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
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
        byte[] bytes = store.get(key.get());
        NetworkActivityState state = bytes == null ? new NetworkActivityState() : NetworkActivityStateCodec.decode(bytes);
        Instant at = purchase.getEventTime();
        ActivityCounts counts = state.countsBefore(at);
        state.record(Hashing.hash64(purchase.getUserId()), at);
        store.put(key.get(), NetworkActivityStateCodec.encode(state));
        EnrichedPurchase enriched = record.value();
        context.forward(record.withValue(new EnrichedPurchase(purchase,
                kind == Kind.DEVICE ? enriched.counts().withDevice(counts) : enriched.counts().withIp(counts))));
    }

    private void evictIdle(long streamTimeMillis) {
        Instant streamTime = Instant.ofEpochMilli(streamTimeMillis);
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (NetworkActivityStateCodec.decode(entry.value).isIdle(streamTime, Duration.ZERO)) {
                    idle.add(entry.key);
                }
            }
        }
        idle.forEach(store::delete);
    }
}
