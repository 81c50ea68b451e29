package io.segmenter.stream.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>} (RFC 6750); otherwise
 * answers 401 with {@code WWW-Authenticate: Bearer}. The presented token is compared with the
 * expected one in constant time: both are hashed with SHA-256 first, so neither the content nor
 * the length of the expected token shows in the time an answer takes.
 */
final class BearerTokenCheck {

    static final String REALM = "segmenter";
    private static final String SCHEME = "bearer ";

    private final byte[] expectedDigest;

    BearerTokenCheck(String token) {
        if (token.isEmpty()) {
            throw new IllegalArgumentException("an empty bearer token would admit everyone");
        }
        this.expectedDigest = sha256(token);
    }

    /** Whether {@code authorization} (the header's value, possibly null) carries the expected token. */
    boolean admits(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return false;
        }
        return MessageDigest.isEqual(expectedDigest, sha256(authorization.substring(SCHEME.length()).strip()));
    }

    /** {@code handler} behind the check: 401 for requests without the token, which never reach it. */
    HttpHandler guard(HttpHandler handler, JsonResponses responses) {
        return exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (admits(authorization)) {
                handler.handle(exchange);
                return;
            }
            try (exchange) {
                refuse(exchange, authorization != null, responses);
            }
        };
    }

    private static void refuse(HttpExchange exchange, boolean presented, JsonResponses responses) throws IOException {
        // RFC 6750 3.1: no error code when no credentials were sent, invalid_token when wrong ones were
        exchange.getResponseHeaders().set("WWW-Authenticate", presented
                ? "Bearer realm=\"" + REALM + "\", error=\"invalid_token\""
                : "Bearer realm=\"" + REALM + "\"");
        responses.error(exchange, 401, "unauthorized", "this endpoint requires Authorization: Bearer <token>");
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
