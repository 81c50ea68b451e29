package io.segmenter.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.errors.InterruptException;

/**
 * {@link SchemaRegistryClient} over the Confluent Schema Registry REST API (also served by
 * Apicurio's ccompat API, Karapace and Redpanda), on the JDK's {@link HttpClient}.
 *
 * <p>Thread-safe. Caches id to schema and (subject, schema) to id without bound: a service sees a
 * handful of schemas. Retries connect errors, timeouts and 5xx/408/429 answers with exponential
 * backoff and jitter; every other answer is final. An interrupt during a call ends it with
 * Kafka's {@link InterruptException}, interrupt flag kept.
 */
final class HttpSchemaRegistryClient implements SchemaRegistryClient {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, "
          + "application/json; qs=0.5";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY_IN_MESSAGE = 300;

  private final SchemaRegistryConfig config;
  private final String baseUrl;
  private final HttpClient http;
  private final String authorization;
  private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final ConcurrentMap<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

  HttpSchemaRegistryClient(SchemaRegistryConfig config) {
    this.config = config;
    this.baseUrl = config.url();
    HttpClient.Builder builder = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER);
    if (config.sslContext() != null) {
      builder.sslContext(config.sslContext());
    }
    this.http = builder.build();
    this.authorization = config.basicAuthUserInfo() == null ? null
        : "Basic " + Base64.getEncoder().encodeToString(
            config.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int register(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = idsBySubjectSchema.get(key);
    if (cached != null) {
      return cached;
    }
    String path = "/subjects/" + encode(subject) + "/versions";
    Answer answer = call("POST", path, schemaBody(schema));
    switch (answer.status) {
      case 200 -> {
        int id = requiredInt(answer, "id", "POST " + path);
        remember(key, id, schema);
        return id;
      }
      case 409 -> throw new IncompatibleSchemaException(subject, baseUrl, answer.message);
      case 422 -> throw new InvalidSchemaException(subject, baseUrl, answer.message);
      default -> throw answer.unexpected(baseUrl, "POST " + path);
    }
  }

  @Override
  public int lookupId(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = idsBySubjectSchema.get(key);
    if (cached != null) {
      return cached;
    }
    String path = "/subjects/" + encode(subject);
    Answer answer = call("POST", path, schemaBody(schema));
    if (answer.status == 200) {
      int id = requiredInt(answer, "id", "POST " + path);
      remember(key, id, schema);
      return id;
    }
    if (answer.status == 404 && (answer.errorCode == 40401 || answer.errorCode == 40403)) {
      throw new SchemaNotRegisteredException(subject, baseUrl, answer.message);
    }
    throw answer.unexpected(baseUrl, "POST " + path);
  }

  @Override
  public Schema getById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    String path = "/schemas/ids/" + id;
    Answer answer = call("GET", path, null);
    if (answer.status == 404 && answer.errorCode == 40403) {
      throw new UnknownSchemaIdException(id, baseUrl, answer.message);
    }
    if (answer.status != 200) {
      throw answer.unexpected(baseUrl, "GET " + path);
    }
    JsonNode type = answer.json.get("schemaType");
    if (type != null && !type.isNull() && !"AVRO".equals(type.asText())) {
      throw new SchemaRegistryException("Schema id " + id + " at " + baseUrl + " is a "
          + type.asText() + " schema, not Avro", baseUrl);
    }
    JsonNode text = answer.json.get("schema");
    if (text == null || !text.isTextual()) {
      throw answer.malformed(baseUrl, "GET " + path, "no \"schema\" string");
    }
    Schema schema;
    try {
      schema = new Schema.Parser().parse(text.asText());
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException("Schema id " + id + " from the schema registry at "
          + baseUrl + " is not a valid Avro schema: " + e.getMessage(), baseUrl, e);
    }
    Schema raced = schemasById.putIfAbsent(id, schema);
    return raced != null ? raced : schema;
  }

  @Override
  public String url() {
    return baseUrl;
  }

  @Override
  public void close() {
    // HttpClient is AutoCloseable from Java 21; on 17 its threads end once it is unreachable.
    if (http instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new SchemaRegistryException("Could not close the HTTP client of " + baseUrl, baseUrl, e);
      }
    }
  }

  @Override
  public String toString() {
    return "HttpSchemaRegistryClient[" + config + "]";
  }

  private void remember(SubjectSchema key, int id, Schema schema) {
    idsBySubjectSchema.putIfAbsent(key, id);
    schemasById.putIfAbsent(id, schema);
  }

  private static String schemaBody(Schema schema) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("schema", schema.toString());
    body.put("schemaType", "AVRO");
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a JSON string map", e);
    }
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private int requiredInt(Answer answer, String field, String request) {
    JsonNode node = answer.json.get(field);
    if (node == null || !node.canConvertToInt()) {
      throw answer.malformed(baseUrl, request, "no integer \"" + field + "\"");
    }
    return node.intValue();
  }

  /** Sends one request, retrying transient failures; returns the first non-retriable answer. */
  private Answer call(String method, String path, String body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(config.requestTimeout())
        .header("Accept", ACCEPT);
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    if (body == null) {
      builder.GET();
    } else {
      builder.header("Content-Type", CONTENT_TYPE)
          .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    HttpRequest request = builder.build();
    int attempts = config.maxAttempts();
    Exception lastFailure = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) {
        pause(backoff(attempt - 1));
      }
      try {
        HttpResponse<String> response =
            http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        Answer answer = Answer.of(response);
        if (!isRetriable(answer.status)) {
          return answer;
        }
        lastFailure = answer.unexpected(baseUrl, method + " " + path);
      } catch (IOException e) {
        lastFailure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptException("Interrupted while calling the schema registry at " + baseUrl, e);
      }
    }
    throw new SchemaRegistryUnavailableException(baseUrl, attempts, lastFailure);
  }

  private static boolean isRetriable(int status) {
    return status >= 500 || status == 408 || status == 429;
  }

  /** Exponential backoff with "equal jitter": between half and all of the capped delay. */
  private Duration backoff(int retry) {
    long base = config.retryBackoff().toMillis();
    long cap = config.maxRetryBackoff().toMillis();
    long delay = retry >= 31 ? cap : Math.min(cap, base << (retry - 1));
    if (delay <= 1) {
      return Duration.ofMillis(delay);
    }
    return Duration.ofMillis(delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1));
  }

  private void pause(Duration delay) {
    if (delay.isZero()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException("Interrupted while waiting to retry the schema registry at "
          + baseUrl, e);
    }
  }

  private record SubjectSchema(String subject, Schema schema) {}

  /** A parsed response: status, JSON body (empty object if none) and any error fields. */
  private static final class Answer {
    final int status;
    final JsonNode json;
    final int errorCode;
    final String message;
    final boolean isJson;

    private Answer(int status, JsonNode json, boolean isJson, int errorCode, String message) {
      this.status = status;
      this.json = json;
      this.isJson = isJson;
      this.errorCode = errorCode;
      this.message = message;
    }

    static Answer of(HttpResponse<String> response) {
      String body = response.body() == null ? "" : response.body();
      JsonNode json;
      boolean isJson;
      try {
        json = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        isJson = json != null && json.isObject();
      } catch (JsonProcessingException e) {
        json = null;
        isJson = false;
      }
      if (!isJson) {
        String snippet = body.length() > MAX_BODY_IN_MESSAGE
            ? body.substring(0, MAX_BODY_IN_MESSAGE) + "..." : body;
        return new Answer(response.statusCode(), JSON.createObjectNode(), false,
            response.statusCode(), snippet.isBlank() ? "(empty body)" : snippet);
      }
      int code = json.path("error_code").asInt(response.statusCode());
      String message = json.path("message").asText("");
      return new Answer(response.statusCode(), json, true, code, message);
    }

    SchemaRegistryRequestException unexpected(String url, String request) {
      return new SchemaRegistryRequestException(url, request, status, errorCode,
          message.isEmpty() ? "(no message)" : message);
    }

    SchemaRegistryRequestException malformed(String url, String request, String problem) {
      return new SchemaRegistryRequestException(url, request, status, errorCode,
          "unexpected response, " + problem + (isJson ? ": " + json : ": " + message));
    }
  }
}
