package io.segmenter.stream.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET /metrics}: the registry in the Prometheus text format 0.0.4, or in OpenMetrics 1.0
 * when the scraper's {@code Accept} header asks for {@code application/openmetrics-text} (as
 * Prometheus does by default); gzip when accepted.
 */
final class MetricsHandler implements HttpHandler {

    /** The content types of the Prometheus client's text writers (runtime-only classes here). */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsHandler(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    static String contentType(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")
                ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String contentType = contentType(exchange.getRequestHeaders().getFirst("Accept"));
        String encoding = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        boolean gzip = encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip");
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
        try (OutputStream out = gzip ? new GZIPOutputStream(buffer) : buffer) {
            registry.scrape(out, contentType);
        }
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (gzip) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        exchange.sendResponseHeaders(200, buffer.size());
        try (OutputStream body = exchange.getResponseBody()) {
            buffer.writeTo(body);
        }
    }
}
