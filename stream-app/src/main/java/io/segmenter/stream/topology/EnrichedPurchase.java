package io.segmenter.stream.topology;

import io.segmenter.features.NetworkCounts;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.util.Objects;

/** A purchase on its way through the device- and IP-keyed processors, with the counts gathered so far. */
record EnrichedPurchase(PurchaseEvent purchase, NetworkCounts counts) {

    EnrichedPurchase {
        Objects.requireNonNull(purchase, "purchase");
        Objects.requireNonNull(counts, "counts");
    }

    static EnrichedPurchase of(PurchaseEvent purchase) {
        return new EnrichedPurchase(purchase, NetworkCounts.NONE);
    }
}
