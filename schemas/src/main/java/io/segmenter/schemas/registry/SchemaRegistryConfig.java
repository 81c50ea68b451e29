package io.segmenter.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Immutable settings of a {@link SchemaRegistryClient}. Build it with {@link #defaults(String)}
 * and the {@code with...} methods, or from Kafka-style properties with {@link #from(String, Map)},
 * which reads the same keys as Confluent's client.
 *
 * @param url registry base URL ({@code http://}, {@code https://} or {@code mock://<scope>}),
 *     without credentials; it may carry a path prefix (e.g. Apicurio's {@code /apis/ccompat/v7})
 * @param basicAuthUserInfo {@code user:password} sent as HTTP basic auth, or {@code null} for none
 * @param connectTimeout TCP/TLS connect timeout
 * @param requestTimeout timeout of one request, from sending to the complete response
 * @param maxRetries retries after the first attempt on connect errors, timeouts and 5xx/408/429
 * @param retryBackoff wait before the first retry; doubled for each further retry
 * @param maxRetryBackoff upper bound of a single wait
 * @param sslContext TLS context for {@code https://}, or {@code null} for the JDK default
 */
public record SchemaRegistryConfig(
    String url,
    String basicAuthUserInfo,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxRetries,
    Duration retryBackoff,
    Duration maxRetryBackoff,
    SSLContext sslContext) {

  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  /** Prefixed spelling of {@link #BASIC_AUTH_USER_INFO}, also accepted. */
  public static final String SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";
  public static final String MAX_RETRIES = "max.retries";
  public static final String RETRIES_WAIT_MS = "retries.wait.ms";
  public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";
  public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
  public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";
  public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
  public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
  public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
  public static final String SSL_KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
  public static final String SSL_KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
  public static final String SSL_KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
  public static final String SSL_KEY_PASSWORD = "schema.registry.ssl.key.password";

  public static final int DEFAULT_MAX_RETRIES = 3;
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_RETRY_BACKOFF = Duration.ofSeconds(20);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  public SchemaRegistryConfig {
    url = normalizeUrl(url);
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    Objects.requireNonNull(maxRetryBackoff, "maxRetryBackoff");
    if (basicAuthUserInfo != null && !basicAuthUserInfo.contains(":")) {
      throw new ConfigException(BASIC_AUTH_USER_INFO + " must have the form user:password");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()
        || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new ConfigException("Schema registry timeouts must be positive");
    }
    if (maxRetries < 0 || retryBackoff.isNegative() || maxRetryBackoff.compareTo(retryBackoff) < 0) {
      throw new ConfigException("Schema registry retries need maxRetries >= 0 and "
          + "0 <= retryBackoff <= maxRetryBackoff");
    }
  }

  /** Settings with defaults for {@code url}: no auth, 3 retries from 1 s, 10 s / 30 s timeouts. */
  public static SchemaRegistryConfig defaults(String url) {
    return new SchemaRegistryConfig(url, null, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_MAX_RETRIES, DEFAULT_RETRY_BACKOFF, DEFAULT_MAX_RETRY_BACKOFF, null);
  }

  /**
   * Reads Confluent-style client properties. {@code url} wins over {@value #SCHEMA_REGISTRY_URL}
   * in {@code config}; credentials come from {@value #BASIC_AUTH_USER_INFO} (or its
   * {@code schema.registry.} spelling) or else from the URL's user-info part, which is never
   * kept in {@link #url()}. Values may be strings, numbers or Kafka {@link Password}s.
   *
   * @throws ConfigException on a missing or malformed setting
   */
  public static SchemaRegistryConfig from(String url, Map<String, ?> config) {
    Map<String, ?> props = config == null ? Map.of() : config;
    String rawUrl = url != null ? url : string(props, SCHEMA_REGISTRY_URL);
    if (rawUrl == null || rawUrl.isBlank()) {
      throw new ConfigException("Missing " + SCHEMA_REGISTRY_URL);
    }
    URI uri = parse(rawUrl.trim());
    String source = string(props, BASIC_AUTH_CREDENTIALS_SOURCE);
    if (source != null && !source.equalsIgnoreCase("USER_INFO") && !source.equalsIgnoreCase("URL")) {
      throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE, source,
          "only USER_INFO and URL are supported");
    }
    String userInfo = string(props, BASIC_AUTH_USER_INFO);
    if (userInfo == null) {
      userInfo = string(props, SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO);
    }
    if (userInfo == null || "URL".equalsIgnoreCase(source)) {
      userInfo = uri.getRawUserInfo() == null ? userInfo : uri.getUserInfo();
    }
    if (userInfo != null && userInfo.isEmpty()) {
      userInfo = null;
    }
    return new SchemaRegistryConfig(
        withoutUserInfo(uri),
        userInfo,
        Duration.ofMillis(integer(props, HTTP_CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT.toMillis())),
        Duration.ofMillis(integer(props, HTTP_READ_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT.toMillis())),
        (int) integer(props, MAX_RETRIES, DEFAULT_MAX_RETRIES),
        Duration.ofMillis(integer(props, RETRIES_WAIT_MS, DEFAULT_RETRY_BACKOFF.toMillis())),
        Duration.ofMillis(integer(props, RETRIES_MAX_WAIT_MS, DEFAULT_MAX_RETRY_BACKOFF.toMillis())),
        sslContext(props));
  }

  public SchemaRegistryConfig withBasicAuthUserInfo(String userInfo) {
    return new SchemaRegistryConfig(url, userInfo, connectTimeout, requestTimeout, maxRetries,
        retryBackoff, maxRetryBackoff, sslContext);
  }

  public SchemaRegistryConfig withTimeouts(Duration connect, Duration request) {
    return new SchemaRegistryConfig(url, basicAuthUserInfo, connect, request, maxRetries,
        retryBackoff, maxRetryBackoff, sslContext);
  }

  public SchemaRegistryConfig withRetries(int retries, Duration backoff, Duration maxBackoff) {
    return new SchemaRegistryConfig(url, basicAuthUserInfo, connectTimeout, requestTimeout, retries,
        backoff, maxBackoff, sslContext);
  }

  public SchemaRegistryConfig withSslContext(SSLContext context) {
    return new SchemaRegistryConfig(url, basicAuthUserInfo, connectTimeout, requestTimeout,
        maxRetries, retryBackoff, maxRetryBackoff, context);
  }

  /** Whether {@link #url()} names an in-memory registry ({@code mock://<scope>}). */
  public boolean isMock() {
    return url.startsWith("mock://");
  }

  /** Attempts per request: the first one plus {@link #maxRetries()}. */
  public int maxAttempts() {
    return maxRetries + 1;
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "SchemaRegistryConfig[url=" + url
        + ", basicAuth=" + (basicAuthUserInfo == null ? "none" : basicAuthUserInfo.substring(0, basicAuthUserInfo.indexOf(':')) + ":***")
        + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
        + ", maxRetries=" + maxRetries + ", retryBackoff=" + retryBackoff
        + ", maxRetryBackoff=" + maxRetryBackoff
        + ", sslContext=" + (sslContext == null ? "JDK default" : sslContext.getProtocol()) + "]";
  }

  private static String normalizeUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new ConfigException("Missing " + SCHEMA_REGISTRY_URL);
    }
    URI uri = parse(url.trim());
    if (uri.getRawUserInfo() != null) {
      throw new ConfigException(SCHEMA_REGISTRY_URL, withoutUserInfo(uri),
          "put credentials in basicAuthUserInfo, not in the URL");
    }
    return withoutUserInfo(uri);
  }

  private static URI parse(String url) {
    if (url.contains(",")) {
      throw new ConfigException(SCHEMA_REGISTRY_URL, url.replaceAll("//[^/@,]*@", "//"),
          "only one registry URL is supported (put a load balancer in front of several)");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new ConfigException(SCHEMA_REGISTRY_URL, url.replaceAll("//[^/@]*@", "//"),
          "not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "http", "https" -> {
        if (uri.getHost() == null) {
          throw new ConfigException(SCHEMA_REGISTRY_URL, withoutUserInfo(uri), "no host");
        }
      }
      case "mock" -> {
        if (mockScopeOf(uri).isEmpty()) {
          throw new ConfigException(SCHEMA_REGISTRY_URL, url, "mock:// needs a scope, e.g. mock://my-test");
        }
      }
      default -> throw new ConfigException(SCHEMA_REGISTRY_URL, withoutUserInfo(uri),
          "scheme must be http, https or mock");
    }
    return uri;
  }

  static String mockScopeOf(URI uri) {
    return uri.getRawSchemeSpecificPart().replaceFirst("^//", "");
  }

  private static String withoutUserInfo(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("mock")) {
      return "mock://" + mockScopeOf(uri);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return scheme + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + path;
  }

  private static String string(Map<String, ?> props, String key) {
    Object value = props.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Password password) {
      return password.value();
    }
    return value.toString().trim();
  }

  private static long integer(Map<String, ?> props, String key, long defaultValue) {
    Object value = props.get(key);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Number number) {
      return number.longValue();
    }
    try {
      return Long.parseLong(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key, value, "not an integer");
    }
  }

  private static SSLContext sslContext(Map<String, ?> props) {
    String trustStore = string(props, SSL_TRUSTSTORE_LOCATION);
    String keyStore = string(props, SSL_KEYSTORE_LOCATION);
    if (trustStore == null && keyStore == null) {
      return null;
    }
    try {
      TrustManagerFactory tmf = null;
      if (trustStore != null) {
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(loadKeyStore(trustStore, string(props, SSL_TRUSTSTORE_TYPE),
            string(props, SSL_TRUSTSTORE_PASSWORD)));
      }
      KeyManagerFactory kmf = null;
      if (keyStore != null) {
        String storePassword = string(props, SSL_KEYSTORE_PASSWORD);
        String keyPassword = string(props, SSL_KEY_PASSWORD);
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(loadKeyStore(keyStore, string(props, SSL_KEYSTORE_TYPE), storePassword),
            chars(keyPassword != null ? keyPassword : storePassword));
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(),
          tmf == null ? null : tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new ConfigException("Cannot set up TLS for the schema registry client: " + e);
    }
  }

  private static KeyStore loadKeyStore(String location, String type, String password)
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(type == null ? "PKCS12" : type.toUpperCase(Locale.ROOT));
    try (InputStream in = Files.newInputStream(Path.of(location))) {
      store.load(in, chars(password));
    }
    return store;
  }

  private static char[] chars(String password) {
    return password == null ? null : password.toCharArray();
  }
}
