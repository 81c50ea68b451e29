package io.segmenter.stream.topology;

import io.segmenter.features.NetworkActivityState;
import io.segmenter.schemas.avro.PurchaseEvent;

/**
 * Keys for re-keying purchases by device and IP. A purchase without a device (or IP) keeps a
 * key derived from its user, prefixed so it never collides with a real device or IP; such
 * purchases are not counted and the user-derived key spreads them over partitions instead of
 * piling them on one "unknown" key.
 */
final class NetworkKeys {

    private static final String NONE_PREFIX = "\u0000none:";

    private NetworkKeys() {
    }

    static String device(PurchaseEvent purchase) {
        return NetworkActivityState.deviceKey(purchase).orElse(NONE_PREFIX + purchase.getUserId());
    }

    static String ip(PurchaseEvent purchase) {
        return NetworkActivityState.ipKey(purchase).orElse(NONE_PREFIX + purchase.getUserId());
    }
}
