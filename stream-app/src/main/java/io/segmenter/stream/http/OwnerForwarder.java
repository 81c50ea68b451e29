package io.segmenter.stream.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Relays a GET to the instance that owns the key, marked with {@link #FORWARDED_BY} so the owner
 * never forwards it again, and carrying the bearer token when the endpoints require one (every
 * instance of an application is configured with the same token).
 */
final class OwnerForwarder {

    /** Request header naming the instance that forwarded the request ({@code host:port}). */
    static final String FORWARDED_BY = "X-Segmenter-Forwarded-By";

    private final HttpClient client;
    private final Duration requestTimeout;
    private final String self;
    private final String authToken;

    OwnerForwarder(HostInfo self, Duration connectTimeout, Duration requestTimeout) {
        this(self, connectTimeout, requestTimeout, "");
    }

    /** @param authToken sent as {@code Authorization: Bearer <token>}; empty to send none */
    OwnerForwarder(HostInfo self, Duration connectTimeout, Duration requestTimeout, String authToken) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = requestTimeout;
        this.self = self.host() + ":" + self.port();
        this.authToken = authToken;
    }

    /** The owner's answer. */
    record Relayed(int status, byte[] body, Optional<String> contentType, Optional<String> retryAfter) {
    }

    /**
     * @param rawPath an already percent-encoded path, such as {@code /users/a%2Fb}
     * @throws IOException when the owner cannot be reached or does not answer in time
     */
    Relayed forward(HostInfo owner, String rawPath) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + authority(owner) + rawPath))
                .timeout(requestTimeout)
                .header(FORWARDED_BY, self)
                .header("Accept", "application/json")
                .GET();
        if (!authToken.isEmpty()) {
            request.header("Authorization", "Bearer " + authToken);
        }
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Relayed(response.statusCode(), response.body(),
                response.headers().firstValue("Content-Type"), response.headers().firstValue("Retry-After"));
    }

    static String authority(HostInfo host) {
        String name = host.host();
        return (name.indexOf(':') >= 0 && !name.startsWith("[") ? "[" + name + "]" : name) + ":" + host.port();
    }
}
