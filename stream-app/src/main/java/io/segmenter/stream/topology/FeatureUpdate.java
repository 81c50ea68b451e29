package io.segmenter.stream.topology;

/**
 * What {@link UserFeatureProcessor} tells the scoring processor, keyed by user id: the user's
 * features changed, the user was forgotten, or a purchase's fraud features are complete.
 */
sealed interface FeatureUpdate permits FeatureUpdate.UserChanged, FeatureUpdate.UserForgotten, FeatureUpdate.UserDeleted,
        PurchaseFeatures {

    /** An event with this event time was folded into the user's features. */
    record UserChanged(long eventTimeMillis) implements FeatureUpdate {
    }

    /** The user's feature state was evicted (idle past the longest window plus grace). */
    record UserForgotten() implements FeatureUpdate {
    }

    /**
     * The user asked to be forgotten: their feature state, waiting purchase halves and recent event
     * ids are gone; nothing of theirs may be scored or emitted any more, only the tombstone.
     */
    record UserDeleted() implements FeatureUpdate {
    }
}
