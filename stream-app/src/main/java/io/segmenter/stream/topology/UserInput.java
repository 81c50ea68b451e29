package io.segmenter.stream.topology;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;

/**
 * What reaches the per-user feature processor: a click, a purchase, or the device/IP counts of
 * a purchase that came back from the re-keyed path.
 */
sealed interface UserInput {

    record Click(ClickEvent event) implements UserInput {
    }

    record Purchase(PurchaseEvent event) implements UserInput {
    }

    record Network(EnrichedPurchase enriched) implements UserInput {
    }
}
