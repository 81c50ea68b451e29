package io.segmenter.stream.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code GET /health/ready}: 200 when every {@link Readiness} check is up, else 503, with a small
 * JSON body either way:
 * <pre>{@code {"status":"DOWN","checks":{"streams":{"status":"DOWN","state":"REBALANCING"}}}}</pre>
 */
final class ReadinessHandler implements HttpHandler {

    private final Readiness readiness;
    private final ObjectMapper mapper;

    ReadinessHandler(Readiness readiness, ObjectMapper mapper) {
        this.readiness = readiness;
        this.mapper = mapper;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Readiness.Report report = readiness.evaluate();
        ObjectNode body = mapper.createObjectNode().put("status", status(report.ready()));
        ObjectNode checks = body.putObject("checks");
        report.checks().forEach((name, check) -> {
            ObjectNode node = checks.putObject(name).put("status", status(check.up()));
            check.details().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(d -> node.put(d.getKey(), d.getValue()));
        });
        byte[] bytes = mapper.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(report.ready() ? 200 : 503, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String status(boolean up) {
        return up ? "UP" : "DOWN";
    }
}
