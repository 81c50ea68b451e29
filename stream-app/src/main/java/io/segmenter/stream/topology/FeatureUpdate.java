package io.segmenter.stream.topology;

/**
 * What {@link UserFeatureProcessor} tells the scoring processor, keyed by user id: the user's
 * features changed, the user was forgotten, or a purchase's fraud features are complete.
 */
sealed interface FeatureUpdate permits FeatureUpdate.UserChanged, FeatureUpdate.UserForgotten, PurchaseFeatures {

    /** An event with this event time was folded into the user's features. */
    record UserChanged(long eventTimeMillis) implements FeatureUpdate {
    }

    /** The user's feature state was evicted (idle past the longest window plus grace). */
    record UserForgotten() implements FeatureUpdate {
    }
}
