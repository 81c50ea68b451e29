package io.segmenter.stream.topology;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;

/**
 * What reaches the per-user feature processor: a click, a purchase, the device/IP counts of
 * a purchase that came back from the re-keyed path, or a request to erase the user.
 */
sealed interface UserInput {

    record Click(ClickEvent event) implements UserInput {
    }

    record Purchase(PurchaseEvent event) implements UserInput {
    }

    record Network(EnrichedPurchase enriched) implements UserInput {
    }

    /** A record of the user-deletions topic; {@code reason} is its value, free text or null. */
    record Deletion(String reason) implements UserInput {
    }
}
