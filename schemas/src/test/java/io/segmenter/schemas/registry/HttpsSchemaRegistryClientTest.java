package io.segmenter.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.segmenter.schemas.avro.ClickEvent;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client over TLS, trusting a self-signed registry certificate through a truststore file. */
class HttpsSchemaRegistryClientTest {

  private static final String PASSWORD = "changeit";

  @TempDir
  static Path dir;

  private static Path keyStore;
  private static FakeSchemaRegistry server;

  @BeforeAll
  static void startTlsServer() throws Exception {
    keyStore = dir.resolve("registry.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    assumeTrue(Files.isExecutable(keytool), "keytool not available");
    Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "registry",
        "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
    assumeTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0,
        "keytool could not create a certificate");

    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    server = FakeSchemaRegistry.https(context);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void trustsTheRegistryCertificateFromTheConfiguredTruststore() {
    server.then(FakeSchemaRegistry.ok("{\"id\":21}"));

    try (SchemaRegistryClient client = SchemaRegistryClients.create(server.url(), Map.of(
        SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION, keyStore.toString(),
        SchemaRegistryConfig.SSL_TRUSTSTORE_PASSWORD, PASSWORD,
        SchemaRegistryConfig.SSL_TRUSTSTORE_TYPE, "pkcs12"))) {
      assertThat(client.register("user-clicks-value", ClickEvent.getClassSchema())).isEqualTo(21);
    }
  }

  @Test
  void refusesAnUntrustedCertificateWithoutRetryingForever() {
    try (SchemaRegistryClient client = SchemaRegistryClients.create(server.url(), Map.of(
        SchemaRegistryConfig.MAX_RETRIES, 0))) {
      SchemaRegistryUnavailableException e = assertThrows(SchemaRegistryUnavailableException.class,
          () -> client.register("user-clicks-value", ClickEvent.getClassSchema()));

      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.getCause()).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }
  }

  @Test
  void missingTruststoreFileIsAConfigError() {
    assertThrows(ConfigException.class, () -> SchemaRegistryClients.create(server.url(), Map.of(
        SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION, dir.resolve("missing.p12").toString())));
  }
}
