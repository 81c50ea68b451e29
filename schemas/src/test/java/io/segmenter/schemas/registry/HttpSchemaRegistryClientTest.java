package io.segmenter.schemas.registry;

import static io.segmenter.schemas.registry.FakeSchemaRegistry.error;
import static io.segmenter.schemas.registry.FakeSchemaRegistry.hang;
import static io.segmenter.schemas.registry.FakeSchemaRegistry.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ModelRelease;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpSchemaRegistryClientTest {

  private static final Schema CLICK = ClickEvent.getClassSchema();
  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeSchemaRegistry server;

  @BeforeEach
  void startServer() throws IOException {
    server = FakeSchemaRegistry.http();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private SchemaRegistryClient client() {
    return client(SchemaRegistryConfig.defaults(server.url()));
  }

  private static SchemaRegistryClient client(SchemaRegistryConfig config) {
    return SchemaRegistryClients.create(
        config.withRetries(2, Duration.ofMillis(1), Duration.ofMillis(5))
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)));
  }

  @Test
  void registerPostsTheSchemaToTheSubjectVersionsAndReturnsTheId() throws IOException {
    server.then(ok("{\"id\":42}"));

    try (SchemaRegistryClient client = client()) {
      assertThat(client.register("user-clicks-value", CLICK)).isEqualTo(42);
    }

    FakeSchemaRegistry.Request request = server.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/subjects/user-clicks-value/versions");
    assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.get("schemaType").asText()).isEqualTo("AVRO");
    assertThat(new Schema.Parser().parse(body.get("schema").asText())).isEqualTo(CLICK);
  }

  @Test
  void getByIdParsesTheSchemaString() throws IOException {
    server.then(ok(JSON.writeValueAsString(Map.of("schema", CLICK.toString()))));

    try (SchemaRegistryClient client = client()) {
      assertThat(client.getById(7)).isEqualTo(CLICK);
    }

    assertThat(server.requests()).extracting(FakeSchemaRegistry.Request::method, FakeSchemaRegistry.Request::path)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("GET", "/schemas/ids/7"));
  }

  @Test
  void secondGetByIdIsServedFromTheCache() throws IOException {
    server.then(ok(JSON.writeValueAsString(Map.of("schema", CLICK.toString()))));

    try (SchemaRegistryClient client = client()) {
      client.getById(7);
      assertThat(client.getById(7)).isEqualTo(CLICK);
    }

    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void registeringTheSameSchemaTwiceAsksOnceAndTeachesTheIdCache() {
    server.then(ok("{\"id\":3}"));

    try (SchemaRegistryClient client = client()) {
      client.register("user-clicks-value", CLICK);
      client.register("user-clicks-value", CLICK);
      assertThat(client.getById(3)).isEqualTo(CLICK);
    }

    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void unknownIdBecomesUnknownSchemaIdExceptionNamingIdAndUrl() {
    server.then(error(404, 40403, "Schema 99 not found"));

    try (SchemaRegistryClient client = client()) {
      UnknownSchemaIdException e = assertThrows(UnknownSchemaIdException.class, () -> client.getById(99));

      assertThat(e.schemaId()).isEqualTo(99);
      assertThat(e.registryUrl()).isEqualTo(server.url());
      assertThat(e).isInstanceOf(SerializationException.class)
          .hasMessageContaining("99").hasMessageContaining(server.url());
    }
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void conflictBecomesIncompatibleSchemaExceptionWithSubjectAndRegistryMessage() {
    server.then(error(409, 409, "Schema being registered is incompatible with an earlier schema"));

    try (SchemaRegistryClient client = client()) {
      IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class,
          () -> client.register("user-clicks-value", CLICK));

      assertThat(e.subject()).isEqualTo("user-clicks-value");
      assertThat(e.registryMessage()).isEqualTo("Schema being registered is incompatible with an earlier schema");
      assertThat(e).hasMessageContaining("user-clicks-value").hasMessageContaining("incompatible");
    }
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void unprocessableEntityBecomesInvalidSchemaException() {
    server.then(error(422, 42201, "Invalid schema"));

    try (SchemaRegistryClient client = client()) {
      InvalidSchemaException e = assertThrows(InvalidSchemaException.class,
          () -> client.register("user-clicks-value", CLICK));

      assertThat(e).hasMessageContaining("Invalid schema").hasMessageContaining("user-clicks-value");
    }
  }

  @Test
  void lookupOfAnUnregisteredSubjectBecomesSchemaNotRegisteredException() {
    server.then(error(404, 40401, "Subject 'user-clicks-value' not found."));

    try (SchemaRegistryClient client = client()) {
      SchemaNotRegisteredException e = assertThrows(SchemaNotRegisteredException.class,
          () -> client.lookupId("user-clicks-value", CLICK));

      assertThat(e.subject()).isEqualTo("user-clicks-value");
    }
    assertThat(server.requests().get(0).path()).isEqualTo("/subjects/user-clicks-value");
  }

  @Test
  void lookupReturnsTheIdOfARegisteredSchema() throws IOException {
    server.then(ok(JSON.writeValueAsString(Map.of(
        "subject", "user-clicks-value", "id", 5, "version", 2, "schema", CLICK.toString()))));

    try (SchemaRegistryClient client = client()) {
      assertThat(client.lookupId("user-clicks-value", CLICK)).isEqualTo(5);
    }
    assertThat(server.requests().get(0).method()).isEqualTo("POST");
  }

  @Test
  void serverErrorIsRetriedAndTheRetrySucceeds() {
    server.then(error(500, 50001, "Error in the backend data store"), ok("{\"id\":11}"));

    try (SchemaRegistryClient client = client()) {
      assertThat(client.register("user-clicks-value", CLICK)).isEqualTo(11);
    }

    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void persistentServerErrorsEndAsUnavailableAfterTheConfiguredAttempts() {
    server.then(error(503, 50003, "forwarding failed"), error(503, 50003, "forwarding failed"),
        error(503, 50003, "forwarding failed"));

    try (SchemaRegistryClient client = client()) {
      SchemaRegistryUnavailableException e = assertThrows(SchemaRegistryUnavailableException.class,
          () -> client.getById(1));

      assertThat(e.attempts()).isEqualTo(3);
      assertThat(e).hasMessageContaining("3 attempts").hasMessageContaining("503");
    }
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void unansweredRequestTimesOutAndIsRetried() {
    server.then(hang(), ok("{\"id\":4}"));
    SchemaRegistryConfig config = SchemaRegistryConfig.defaults(server.url())
        .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300))
        .withRetries(1, Duration.ofMillis(1), Duration.ofMillis(1));

    try (SchemaRegistryClient client = SchemaRegistryClients.create(config)) {
      assertThat(client.register("user-clicks-value", CLICK)).isEqualTo(4);
    }
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void refusedConnectionEndsAsUnavailableAfterTheConfiguredAttempts() throws IOException {
    String deadUrl;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadUrl = "http://127.0.0.1:" + socket.getLocalPort();
    }

    try (SchemaRegistryClient client = client(SchemaRegistryConfig.defaults(deadUrl))) {
      SchemaRegistryUnavailableException e = assertThrows(SchemaRegistryUnavailableException.class,
          () -> client.register("user-clicks-value", CLICK));

      assertThat(e.attempts()).isEqualTo(3);
      assertThat(e.registryUrl()).isEqualTo(deadUrl);
      assertThat(e).isInstanceOf(SerializationException.class)
          .hasMessageContaining(deadUrl).hasMessageContaining("3 attempts")
          .hasMessageContaining("ConnectException");
      assertThat(e.getCause()).isInstanceOf(java.net.ConnectException.class);
    }
  }

  @Test
  void basicAuthUserInfoIsSentAsAuthorizationHeader() {
    server.then(ok("{\"id\":1}"));

    try (SchemaRegistryClient client = SchemaRegistryClients.create(server.url(),
        Map.of("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "svc-segmenter:s3cret"))) {
      client.register("user-clicks-value", CLICK);
    }

    assertThat(server.requests().get(0).authorization()).isEqualTo("Basic "
        + Base64.getEncoder().encodeToString("svc-segmenter:s3cret".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void credentialsInTheUrlAreSentButNeverShownInTheUrlOrMessages() {
    server.then(error(404, 40403, "Schema 8 not found"));
    String withCredentials = server.url().replace("http://", "http://svc:s3cret@");

    try (SchemaRegistryClient client = SchemaRegistryClients.create(withCredentials, Map.of())) {
      UnknownSchemaIdException e = assertThrows(UnknownSchemaIdException.class, () -> client.getById(8));

      assertThat(client.url()).isEqualTo(server.url());
      assertThat(e).message().doesNotContain("s3cret");
    }
    assertThat(server.requests().get(0).authorization()).isEqualTo("Basic "
        + Base64.getEncoder().encodeToString("svc:s3cret".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void noAuthorizationHeaderWithoutCredentials() {
    server.then(ok("{\"id\":1}"));

    try (SchemaRegistryClient client = client()) {
      client.register("user-clicks-value", CLICK);
    }

    assertThat(server.requests().get(0).authorization()).isNull();
  }

  @Test
  void unauthorizedIsNotRetriedAndKeepsStatusAndErrorCode() {
    server.then(error(401, 40101, "Unauthorized"));

    try (SchemaRegistryClient client = client()) {
      SchemaRegistryRequestException e = assertThrows(SchemaRegistryRequestException.class,
          () -> client.getById(1));

      assertThat(e.httpStatus()).isEqualTo(401);
      assertThat(e.errorCode()).isEqualTo(40101);
      assertThat(e).hasMessageContaining("GET /schemas/ids/1").hasMessageContaining("Unauthorized");
    }
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void basePathPrefixIsKeptForCompatibilityApis() {
    server.then(ok("{\"id\":2}"));

    try (SchemaRegistryClient client = client(SchemaRegistryConfig.defaults(server.url() + "/apis/ccompat/v7/"))) {
      client.register("model-releases-value", ModelRelease.getClassSchema());
    }

    assertThat(server.requests().get(0).path()).isEqualTo("/apis/ccompat/v7/subjects/model-releases-value/versions");
  }

  @Test
  void nonJsonAnswerIsReportedWithTheBody() {
    server.then(new FakeSchemaRegistry.Reply(200, "<html>login</html>", false));

    try (SchemaRegistryClient client = client()) {
      SchemaRegistryRequestException e = assertThrows(SchemaRegistryRequestException.class,
          () -> client.getById(1));

      assertThat(e).hasMessageContaining("<html>login</html>");
    }
  }
}
