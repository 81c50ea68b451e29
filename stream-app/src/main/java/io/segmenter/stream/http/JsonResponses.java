package io.segmenter.stream.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Writes JSON answers and the {@code {"error": code, "message": text}} error body. */
final class JsonResponses {

    static final String JSON = "application/json";
    /** Seconds a client should wait before retrying a 503: about one rebalance step. */
    static final String RETRY_AFTER_SECONDS = "1";

    private final ObjectMapper mapper;

    JsonResponses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, JSON, bytes(body));
    }

    void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        if (status == 503) {
            exchange.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
        }
        json(exchange, status, errorBody(code, message));
    }

    ObjectNode errorBody(String code, String message) {
        return mapper.createObjectNode().put("error", code).put("message", message);
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private byte[] bytes(JsonNode body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
