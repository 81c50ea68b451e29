package io.segmenter.trainer;

import io.segmenter.features.Hashing;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A train/test split by user: a user is in the test set when a seeded hash of the user id falls
 * below {@code testShare}. All of a user's rows land on one side, the assignment does not depend
 * on which other users exist or on their order, and it is the same on every JVM for a seed.
 *
 * @param seed      changes the assignment
 * @param testShare expected share of users in the test set, in (0, 1)
 */
public record UserSplit(long seed, double testShare) {

    public UserSplit {
        if (!(testShare > 0 && testShare < 1)) {
            throw new IllegalArgumentException("testShare must be in (0, 1): " + testShare);
        }
    }

    public boolean isTest(String userId) {
        return Seeds.unitInterval(Seeds.mix64(Hashing.hash64(userId) ^ Seeds.mix64(seed))) < testShare;
    }

    /** The two sides of {@code userIds}, each in the given iteration order. */
    public Parts split(Collection<String> userIds) {
        List<String> train = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (String id : userIds) {
            (isTest(id) ? test : train).add(id);
        }
        return new Parts(train, test);
    }

    /** Train and test user ids. */
    public record Parts(List<String> train, List<String> test) {
        public Parts {
            train = List.copyOf(train);
            test = List.copyOf(test);
        }
    }
}
