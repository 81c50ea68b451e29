package io.segmenter.stream.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/** Where a user's state lives and, when it lives here, the user's JSON document. */
interface UserQueries {

    /** Answers every query with "not queryable": the state before the streams are attached. */
    UserQueries NOT_ATTACHED = new UserQueries() {
        @Override
        public Location locate(String userId) {
            return new Location.Unavailable("the stream processor is not running yet");
        }

        @Override
        public Optional<ObjectNode> read(String userId, int partition) {
            throw new IllegalStateException("nothing is local before the streams are attached");
        }
    };

    Location locate(String userId);

    /**
     * The user's document from the local store partition; empty when the store has no such user.
     *
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException when the partition is not
     *         (or no longer) queryable here
     */
    Optional<ObjectNode> read(String userId, int partition);

    /** Where the active copy of a key's state is. */
    sealed interface Location {

        /** This instance, in store partition {@code partition}. */
        record Local(int partition) implements Location {
        }

        /** Another instance, at its {@code application.server}. */
        record Remote(HostInfo owner) implements Location {
        }

        /** Nobody can answer now (not running, rebalancing, owner unknown); worth a retry. */
        record Unavailable(String reason) implements Location {
        }
    }
}
