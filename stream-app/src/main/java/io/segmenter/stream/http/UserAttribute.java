package io.segmenter.stream.http;

import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * One extra top-level field of the {@code GET /users/{id}} document (later: {@code segment},
 * {@code lastAnomaly}). Read on the instance that owns the user, right after the feature state,
 * from stores keyed and partitioned like the user's.
 */
public interface UserAttribute {

    /** The JSON field name; not one of {@code userId}, {@code asOf}, {@code owner}, {@code features}. */
    String name();

    /**
     * The field's value, serialized with Jackson (a record, map, string or number); empty to
     * leave the field out. May throw {@link org.apache.kafka.streams.errors.InvalidStateStoreException}
     * (the request then answers 503).
     */
    Optional<?> read(UserSnapshot user, LocalStores stores);

    /** The owner's local stores, limited to the partition that holds the user. */
    @FunctionalInterface
    interface LocalStores {
        <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String storeName);
    }
}
