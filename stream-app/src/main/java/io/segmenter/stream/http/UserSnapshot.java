package io.segmenter.stream.http;

import io.segmenter.features.FeatureVector;
import java.util.Objects;

/**
 * One user as read from the local store: the segment vector as of the user's last event
 * ({@code features.asOf()}).
 */
public record UserSnapshot(String userId, FeatureVector features) {

    public UserSnapshot {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(features, "features");
    }
}
