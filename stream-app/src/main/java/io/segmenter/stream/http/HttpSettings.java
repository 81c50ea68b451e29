package io.segmenter.stream.http;

import io.segmenter.stream.app.StreamsProperties;
import io.segmenter.stream.config.SegmenterConfig;

/**
 * Where the HTTP server listens and how other instances reach it.
 *
 * @param bindAddress    address to bind ({@code http.bind})
 * @param port           port to bind, 0 for a free one ({@code http.port})
 * @param advertisedHost host other instances connect to; with the bound port it must equal this
 *                       instance's {@code application.server} ({@link StreamsProperties#advertisedHost})
 * @param threads        request threads; a forwarded query holds one while it waits for the owner
 */
public record HttpSettings(String bindAddress, int port, String advertisedHost, int threads) {

    public static final int DEFAULT_THREADS = 8;

    public HttpSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("http port " + port + " is outside 0..65535");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("http threads must be at least 1, got " + threads);
        }
    }

    public static HttpSettings from(SegmenterConfig config) {
        return new HttpSettings(config.get("http.bind"), config.getInt("http.port"),
                StreamsProperties.advertisedHost(config), DEFAULT_THREADS);
    }
}
