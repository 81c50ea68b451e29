package io.segmenter.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class SchemaRegistryConfigTest {

  @Test
  void readsConfluentClientProperties() {
    SchemaRegistryConfig config = SchemaRegistryConfig.from(null, Map.of(
        "schema.registry.url", "https://registry.example.com:8081/",
        "basic.auth.user.info", new Password("svc:s3cret"),
        "max.retries", "5",
        "retries.wait.ms", 200,
        "retries.max.wait.ms", "4000",
        "http.connect.timeout.ms", "1500",
        "http.read.timeout.ms", 2500L));

    assertThat(config.url()).isEqualTo("https://registry.example.com:8081");
    assertThat(config.basicAuthUserInfo()).isEqualTo("svc:s3cret");
    assertThat(config.maxRetries()).isEqualTo(5);
    assertThat(config.maxAttempts()).isEqualTo(6);
    assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(200));
    assertThat(config.maxRetryBackoff()).isEqualTo(Duration.ofSeconds(4));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void defaultsFollowConfluentRetriesWithShorterTimeouts() {
    SchemaRegistryConfig config = SchemaRegistryConfig.from("http://localhost:8081", Map.of());

    assertThat(config.maxRetries()).isEqualTo(3);
    assertThat(config.retryBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.basicAuthUserInfo()).isNull();
    assertThat(config.sslContext()).isNull();
  }

  @Test
  void toStringNeverShowsThePassword() {
    SchemaRegistryConfig config = SchemaRegistryConfig.defaults("http://localhost:8081")
        .withBasicAuthUserInfo("svc:s3cret");

    assertThat(config.toString()).contains("svc:***").doesNotContain("s3cret");
  }

  @Test
  void schemeIsCaseInsensitiveAndMockKeepsItsScope() {
    assertThat(SchemaRegistryConfig.from("HTTP://localhost:8081", Map.of()).url()).isEqualTo("http://localhost:8081");
    SchemaRegistryConfig mock = SchemaRegistryConfig.from("mock://segmenter-test", Map.of());
    assertThat(mock.isMock()).isTrue();
    assertThat(mock.url()).isEqualTo("mock://segmenter-test");
  }

  @Test
  void rejectsMalformedSettingsWithConfigException() {
    assertThrows(ConfigException.class, () -> SchemaRegistryConfig.from(null, Map.of()));
    assertThrows(ConfigException.class, () -> SchemaRegistryConfig.from("ftp://registry", Map.of()));
    assertThrows(ConfigException.class, () -> SchemaRegistryConfig.from("mock://", Map.of()));
    assertThrows(ConfigException.class, () -> SchemaRegistryConfig.from("http://a:8081,http://b:8081", Map.of()));
    assertThrows(ConfigException.class, () -> SchemaRegistryConfig.from("http://a:8081", Map.of("max.retries", "many")));
    assertThrows(ConfigException.class,
        () -> SchemaRegistryConfig.from("http://a:8081", Map.of("basic.auth.credentials.source", "SASL_INHERIT")));
    assertThrows(ConfigException.class,
        () -> SchemaRegistryConfig.from("http://a:8081", Map.of("basic.auth.user.info", "no-colon")));
  }

  @Test
  void commaSeparatedUrlErrorHidesCredentials() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> SchemaRegistryConfig.from("http://u:s3cret@a:8081,http://b:8081", Map.of()));

    assertThat(e).message().doesNotContain("s3cret");
  }
}
