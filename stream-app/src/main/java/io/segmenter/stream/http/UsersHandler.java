package io.segmenter.stream.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.segmenter.stream.http.UserQueries.Location;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /users/{id}}: the user's document from the local store, or relayed from the
 * instance that owns the key. 200 with the document, 404 for an unknown user, 400 for a bad
 * path, 405 for other methods, 503 with {@code Retry-After} while nobody can answer (not
 * running, rebalancing, owner unreachable, or a forwarded request reaching a non-owner).
 * User ids are never logged.
 */
final class UsersHandler implements HttpHandler {

    static final String PREFIX = "/users/";
    private static final int MAX_ID_LENGTH = 512;
    private static final Logger LOG = LoggerFactory.getLogger(UsersHandler.class);

    private final Supplier<UserQueries> queries;
    private final OwnerForwarder forwarder;
    private final JsonResponses responses;

    UsersHandler(Supplier<UserQueries> queries, OwnerForwarder forwarder, JsonResponses responses) {
        this.queries = queries;
        this.forwarder = forwarder;
        this.responses = responses;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                responses.error(exchange, 405, "method-not-allowed", "only GET is supported");
                return;
            }
            Optional<String> userId = userId(exchange.getRequestURI().getRawPath());
            if (userId.isEmpty()) {
                responses.error(exchange, 400, "bad-path", "expected /users/{id} with one percent-encoded id");
                return;
            }
            answer(exchange, userId.get());
        } catch (RuntimeException e) {
            // the class only: a message could quote the user id
            LOG.warn("user query failed: {}", e.getClass().getName());
            LOG.debug("user query failure", e);
            sendQuietly(exchange, 500, "internal-error", "the query failed; see the server log");
        } finally {
            exchange.close();
        }
    }

    private void answer(HttpExchange exchange, String userId) throws IOException {
        boolean forwarded = exchange.getRequestHeaders().containsKey(OwnerForwarder.FORWARDED_BY);
        UserQueries current = queries.get();
        Location location = current.locate(userId);
        if (location instanceof Location.Unavailable unavailable) {
            responses.error(exchange, 503, "not-queryable", unavailable.reason());
        } else if (location instanceof Location.Remote remote) {
            if (forwarded) {
                // the forwarder's metadata and ours disagree: ownership is moving; never forward twice
                responses.error(exchange, 503, "owner-moving", "this instance is not the owner; retry");
            } else {
                relay(exchange, remote, userId);
            }
        } else {
            Location.Local local = (Location.Local) location;
            Optional<ObjectNode> document;
            try {
                document = current.read(userId, local.partition());
            } catch (InvalidStateStoreException e) {
                responses.error(exchange, 503, "not-queryable", "the user's state is not queryable here right now");
                return;
            }
            if (document.isPresent()) {
                responses.json(exchange, 200, document.get());
            } else {
                responses.json(exchange, 404, responses.errorBody("unknown-user", "no features for this user").put("userId", userId));
            }
        }
    }

    private void relay(HttpExchange exchange, Location.Remote remote, String userId) throws IOException {
        OwnerForwarder.Relayed relayed;
        try {
            relayed = forwarder.forward(remote.owner(), PREFIX + encode(userId));
        } catch (IOException e) {
            LOG.debug("owner {} did not answer: {}", OwnerForwarder.authority(remote.owner()), e.toString());
            responses.error(exchange, 503, "owner-unreachable", "the instance that owns this user did not answer; retry");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            responses.error(exchange, 503, "shutting-down", "the server is stopping");
            return;
        }
        relayed.retryAfter().ifPresent(v -> exchange.getResponseHeaders().set("Retry-After", v));
        JsonResponses.send(exchange, relayed.status(), relayed.contentType().orElse(JsonResponses.JSON), relayed.body());
    }

    /**
     * The user id of a raw (still percent-encoded) request path: exactly one non-empty segment
     * after {@value #PREFIX}; {@code %2F} decodes to a slash inside the id, {@code +} stays a plus.
     */
    static Optional<String> userId(String rawPath) {
        if (rawPath == null || !rawPath.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String segment = rawPath.substring(PREFIX.length());
        if (segment.isEmpty() || segment.length() > MAX_ID_LENGTH || segment.indexOf('/') >= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The id as one path segment (spaces as %20, not +). */
    static String encode(String userId) {
        return URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void sendQuietly(HttpExchange exchange, int status, String code, String message) {
        try {
            responses.error(exchange, status, code, message);
        } catch (IOException | RuntimeException e) {
            // headers already sent or the client went away: nothing more to tell it
            LOG.debug("cannot send the error response: {}", e.toString());
        }
    }
}
