package io.segmenter.stream.http;

import io.segmenter.stream.app.StreamsProperties;
import io.segmenter.stream.config.SegmenterConfig;
import java.util.Objects;

/**
 * Where the HTTP server listens, how other instances reach it, and the token its query endpoints
 * require.
 *
 * @param bindAddress    address to bind ({@code http.bind})
 * @param port           port to bind, 0 for a free one ({@code http.port})
 * @param advertisedHost host other instances connect to; with the bound port it must equal this
 *                       instance's {@code application.server} ({@link StreamsProperties#advertisedHost})
 * @param threads        request threads; a forwarded query holds one while it waits for the owner
 * @param authToken      bearer token {@code /users} requires ({@code http.auth.token}); empty for none.
 *                       Every instance of one application has the same, so a forwarded query carries it.
 */
public record HttpSettings(String bindAddress, int port, String advertisedHost, int threads, String authToken) {

    public static final int DEFAULT_THREADS = 8;

    public HttpSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("http port " + port + " is outside 0..65535");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("http threads must be at least 1, got " + threads);
        }
        Objects.requireNonNull(authToken, "authToken (empty for none)");
    }

    /** With no token: the query endpoints are open. */
    public HttpSettings(String bindAddress, int port, String advertisedHost, int threads) {
        this(bindAddress, port, advertisedHost, threads, "");
    }

    public static HttpSettings from(SegmenterConfig config) {
        return new HttpSettings(config.get("http.bind"), config.getInt("http.port"),
                StreamsProperties.advertisedHost(config), DEFAULT_THREADS, config.get("http.auth.token").strip());
    }

    public HttpSettings withAuthToken(String token) {
        return new HttpSettings(bindAddress, port, advertisedHost, threads, token);
    }

    /** Whether {@code /users} requires a bearer token. */
    public boolean requiresToken() {
        return !authToken.isEmpty();
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "HttpSettings[bindAddress=" + bindAddress + ", port=" + port + ", advertisedHost=" + advertisedHost
                + ", threads=" + threads + ", authToken=" + (requiresToken() ? "****" : "") + "]";
    }
}
