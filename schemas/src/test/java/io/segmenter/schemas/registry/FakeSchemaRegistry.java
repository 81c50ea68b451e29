package io.segmenter.schemas.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A scripted HTTP server on 127.0.0.1 that answers like the Confluent Schema Registry: each
 * request gets the next queued reply with the registry's content type, and is recorded.
 */
final class FakeSchemaRegistry implements AutoCloseable {

  record Request(String method, String path, String contentType, String authorization, String body) {}

  record Reply(int status, String body, boolean hang) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Deque<Reply> replies = new ArrayDeque<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final String scheme;

  private FakeSchemaRegistry(HttpServer server, String scheme) {
    this.server = server;
    this.scheme = scheme;
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static FakeSchemaRegistry http() throws IOException {
    return new FakeSchemaRegistry(HttpServer.create(loopback(), 0), "http");
  }

  static FakeSchemaRegistry https(SSLContext context) throws IOException {
    HttpsServer server = HttpsServer.create(loopback(), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    return new FakeSchemaRegistry(server, "https");
  }

  static Reply ok(String json) {
    return new Reply(200, json, false);
  }

  static Reply error(int status, int errorCode, String message) {
    return new Reply(status, "{\"error_code\":" + errorCode + ",\"message\":\"" + message + "\"}", false);
  }

  /** A reply that never comes (until the server closes): the client must time out. */
  static Reply hang() {
    return new Reply(0, "", true);
  }

  FakeSchemaRegistry then(Reply... next) {
    synchronized (replies) {
      replies.addAll(List.of(next));
    }
    return this;
  }

  String url() {
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
        exchange.getRequestHeaders().getFirst("Content-Type"),
        exchange.getRequestHeaders().getFirst("Authorization"), body));
    Reply reply;
    synchronized (replies) {
      reply = replies.isEmpty() ? error(500, 50001, "test server has no scripted reply") : replies.poll();
    }
    if (reply.hang()) {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
      return;
    }
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
    exchange.sendResponseHeaders(reply.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }
}
