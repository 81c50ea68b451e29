package io.segmenter.stream.testing;

import io.segmenter.stream.broker.EmbeddedKafkaBroker;
import io.segmenter.stream.broker.KeyStoreFile;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * An in-JVM broker with two secured client listeners besides its plaintext one, on certificates
 * made for the test ({@link TestCertificates}):
 * <ul>
 *   <li>{@value #SASL_SSL}: TLS, then SASL/PLAIN for the users given to {@link #start};</li>
 *   <li>{@value #MUTUAL_TLS}: TLS that requires a client certificate issued by the test CA.</li>
 * </ul>
 * Client settings for either come from {@link #saslClient} and {@link #mutualTlsClient}; hostname
 * verification stays on (the broker's certificate names {@code 127.0.0.1}). The plaintext listener
 * remains for the broker's own traffic and for test set-up through {@link #createTopics}.
 */
public final class SecureKafka implements AutoCloseable {

    public static final String SASL_SSL = "SECURE";
    public static final String MUTUAL_TLS = "MTLS";

    private final EmbeddedKafkaBroker broker;
    private final TestCertificates certificates;

    private SecureKafka(EmbeddedKafkaBroker broker, TestCertificates certificates) {
        this.broker = broker;
        this.certificates = certificates;
    }

    /** Makes the certificates under {@code directory} and starts the broker; {@code users} maps name to password. */
    public static SecureKafka start(Path directory, Map<String, String> users) {
        TestCertificates certificates = TestCertificates.create(directory);
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .saslSslListener(SASL_SSL, certificates.broker(), users)
                .mutualTlsListener(MUTUAL_TLS, certificates.broker(), certificates.truststore())
                .start();
        return new SecureKafka(broker, certificates);
    }

    public TestCertificates certificates() {
        return certificates;
    }

    /** The plaintext listener: for set-up only, never for the client under test. */
    public String plaintextBootstrapServers() {
        return broker.bootstrapServers();
    }

    public String saslSslBootstrapServers() {
        return broker.bootstrapServers(SASL_SSL);
    }

    public String mutualTlsBootstrapServers() {
        return broker.bootstrapServers(MUTUAL_TLS);
    }

    /** Creates topics through the plaintext listener. */
    public void createTopics(Collection<NewTopic> topics) {
        broker.createTopics(topics);
    }

    /** Client properties for the SASL_SSL listener as {@code user} with {@code password}. */
    public Map<String, String> saslClient(String user, String password) {
        Map<String, String> props = tlsClient(saslSslBootstrapServers(), "SASL_SSL");
        props.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        props.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"" + user + "\" password=\"" + password + "\";");
        return props;
    }

    /** Client properties for the SASL_SSL listener over TLS but with no SASL credentials at all. */
    public Map<String, String> saslListenerWithoutCredentials() {
        return tlsClient(saslSslBootstrapServers(), "SSL");
    }

    /** Client properties for the mutual-TLS listener presenting {@code clientKeyStore}. */
    public Map<String, String> mutualTlsClient(KeyStoreFile clientKeyStore) {
        Map<String, String> props = tlsClient(mutualTlsBootstrapServers(), "SSL");
        props.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, clientKeyStore.location().toString());
        props.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, clientKeyStore.password());
        props.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, clientKeyStore.password());
        props.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, clientKeyStore.type());
        return props;
    }

    /** Client properties for the mutual-TLS listener that trust the broker but present no certificate. */
    public Map<String, String> mutualTlsWithoutCertificate() {
        return tlsClient(mutualTlsBootstrapServers(), "SSL");
    }

    private Map<String, String> tlsClient(String bootstrapServers, String protocol) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certificates.truststore().location().toString());
        props.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, certificates.truststore().password());
        props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, certificates.truststore().type());
        return props;
    }

    @Override
    public void close() {
        broker.close();
    }
}
