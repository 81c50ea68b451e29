package io.segmenter.stream.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.segmenter.schemas.registry.IncompatibleSchemaException;
import io.segmenter.schemas.registry.MockSchemaRegistry;
import io.segmenter.schemas.registry.SchemaNotRegisteredException;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.registry.SchemaRegistryClients;
import io.segmenter.schemas.registry.UnknownSchemaIdException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.avro.Schema;

/**
 * The in-memory registry of one {@code mock://} scope served over HTTP on 127.0.0.1 with the three
 * Confluent REST calls the project's client makes (register, look up, schema by id), so that an
 * application in a child JVM resolves the same schema ids as the test JVM that wrote its input.
 * {@link #goDown()} and {@link #comeBack()} make an outage (connections refused) on the same port.
 */
final class FaultRegistryServer implements AutoCloseable {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String scope;
    private final SchemaRegistryClient registry;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final int port;
    private HttpServer server;

    private FaultRegistryServer(String scope) throws IOException {
        this.scope = scope;
        this.registry = SchemaRegistryClients.create("mock://" + scope, Map.of());
        this.server = listen(0);
        this.port = server.getAddress().getPort();
    }

    private HttpServer listen(int onPort) throws IOException {
        HttpServer listening = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
        listening.createContext("/", this::handle);
        listening.setExecutor(executor);
        listening.start();
        return listening;
    }

    /** An outage: closes the port (and open connections), so clients get "connection refused". */
    synchronized void goDown() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Serves again on the same port, with the same schemas. */
    synchronized void comeBack() throws IOException {
        if (server == null) {
            server = listen(port);
        }
    }

    static FaultRegistryServer serving(String scope) throws IOException {
        return new FaultRegistryServer(scope);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            String[] parts = path.split("/");
            try {
                if ("GET".equals(method) && parts.length == 4 && "schemas".equals(parts[1]) && "ids".equals(parts[2])) {
                    Schema schema = registry.getById(Integer.parseInt(parts[3]));
                    reply(exchange, 200, Map.of("schema", schema.toString()));
                } else if ("POST".equals(method) && parts.length == 4 && "subjects".equals(parts[1]) && "versions".equals(parts[3])) {
                    int id = registry.register(subject(parts[2]), schema(exchange));
                    reply(exchange, 200, Map.of("id", id));
                } else if ("POST".equals(method) && parts.length == 3 && "subjects".equals(parts[1])) {
                    Schema schema = schema(exchange);
                    int id = registry.lookupId(subject(parts[2]), schema);
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("subject", subject(parts[2]));
                    body.put("version", 1);
                    body.put("id", id);
                    body.put("schema", schema.toString());
                    reply(exchange, 200, body);
                } else {
                    reply(exchange, 404, error(404, "no route " + method + " " + path));
                }
            } catch (UnknownSchemaIdException | SchemaNotRegisteredException e) {
                reply(exchange, 404, error(40403, e.getMessage()));
            } catch (IncompatibleSchemaException e) {
                reply(exchange, 409, error(409, e.getMessage()));
            } catch (RuntimeException e) {
                reply(exchange, 500, error(50001, e.toString()));
            }
        }
    }

    private static String subject(String raw) {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    private static Schema schema(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        return new Schema.Parser().parse(body.get("schema").asText());
    }

    private static Map<String, Object> error(int code, String message) {
        return Map.of("error_code", code, "message", message);
    }

    private static void reply(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        goDown();
        executor.shutdownNow();
        registry.close();
        MockSchemaRegistry.dropScope(scope);
    }
}
