package io.segmenter.stream.testing;

import io.segmenter.stream.broker.EmbeddedKafkaBroker;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * One real Kafka broker per test class: started before the first test, stopped after the last.
 *
 * <pre>{@code
 * @RegisterExtension
 * static KafkaBrokerExtension kafka = new KafkaBrokerExtension();
 *
 * @Test
 * void countsClicks() {
 *     kafka.createTopic("user-clicks", 3);
 *     props.put(BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
 * }
 * }</pre>
 * The field must be static. With {@code @ExtendWith(KafkaBrokerExtension.class)} instead, declare
 * a {@link TestKafkaBroker} parameter on a test, lifecycle method or constructor.
 * {@code @Nested} classes share their outer class's broker.
 *
 * <p>The broker is the in-JVM {@link EmbeddedKafkaBroker} unless {@code -Dsegmenter.test.broker=container}
 * (or {@code SEGMENTER_TEST_BROKER=container}) asks for a Docker container; without Docker that
 * request falls back to the embedded broker with a warning. The image is
 * {@value #DEFAULT_IMAGE} unless {@code -Dsegmenter.test.kafka.image} names another.
 * {@link #container()} insists on a container: pair it with
 * {@code @Testcontainers(disabledWithoutDocker = true)}.
 */
public final class KafkaBrokerExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver, TestKafkaBroker {

    public static final String BACKEND_PROPERTY = "segmenter.test.broker";
    public static final String BACKEND_ENVIRONMENT = "SEGMENTER_TEST_BROKER";
    public static final String IMAGE_PROPERTY = "segmenter.test.kafka.image";
    public static final String DEFAULT_IMAGE = "apache/kafka:4.1.0";

    private static final Logger log = LoggerFactory.getLogger(KafkaBrokerExtension.class);

    /** Where the broker runs. */
    public enum Backend { EMBEDDED, CONTAINER }

    private final Backend demanded;
    private final Map<String, String> brokerProperties;
    private RunningBroker running;
    private Backend backend;
    private String ownerId;

    /** The backend the system property or environment asks for; embedded by default. */
    public KafkaBrokerExtension() {
        this(null, Map.of());
    }

    private KafkaBrokerExtension(Backend demanded, Map<String, String> brokerProperties) {
        this.demanded = demanded;
        this.brokerProperties = Map.copyOf(brokerProperties);
    }

    /** Always the in-JVM broker, whatever the system property says. */
    public static KafkaBrokerExtension embedded() {
        return new KafkaBrokerExtension(Backend.EMBEDDED, Map.of());
    }

    /** Always a container; fails without Docker. */
    public static KafkaBrokerExtension container() {
        return new KafkaBrokerExtension(Backend.CONTAINER, Map.of());
    }

    /** A copy that also sets this broker property (in a container, as a {@code KAFKA_*} variable). */
    public KafkaBrokerExtension withBrokerProperty(String key, String value) {
        Map<String, String> properties = new LinkedHashMap<>(brokerProperties);
        properties.put(key, value);
        return new KafkaBrokerExtension(demanded, properties);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (running != null) {
            return;
        }
        backend = demanded != null ? demanded : requestedBackend();
        running = backend == Backend.CONTAINER ? ContainerBroker.start(image(), brokerProperties) : startEmbedded();
        ownerId = context.getUniqueId();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (running != null && context.getUniqueId().equals(ownerId)) {
            try {
                running.close();
            } finally {
                running = null;
                ownerId = null;
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (running == null) {
            throw new ExtensionConfigurationException("KafkaBrokerExtension has no broker: register it on a"
                    + " static field (@RegisterExtension static) or with @ExtendWith on the class");
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return this;
    }

    /** Which kind of broker runs; {@code null} before the first test class starts it. */
    public Backend backend() {
        return backend;
    }

    @Override
    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    @Override
    public void createTopics(Collection<NewTopic> topics) {
        broker().createTopics(topics);
    }

    private RunningBroker broker() {
        if (running == null) {
            throw new IllegalStateException("The Kafka broker runs only while a test class that registers it runs");
        }
        return running;
    }

    private Backend requestedBackend() {
        String requested = System.getProperty(BACKEND_PROPERTY, System.getenv(BACKEND_ENVIRONMENT));
        if (requested == null || requested.isBlank()) {
            return Backend.EMBEDDED;
        }
        Backend choice;
        try {
            choice = Backend.valueOf(requested.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(BACKEND_PROPERTY + "=" + requested
                    + " is neither 'embedded' nor 'container'", e);
        }
        if (choice == Backend.CONTAINER && !DockerClientFactory.instance().isDockerAvailable()) {
            log.warn("{}=container but Docker is not available: using the embedded broker", BACKEND_PROPERTY);
            return Backend.EMBEDDED;
        }
        return choice;
    }

    private static String image() {
        return System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE);
    }

    private RunningBroker startEmbedded() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().brokerProperties(brokerProperties).start();
        return new RunningBroker() {
            @Override
            public String bootstrapServers() {
                return broker.bootstrapServers();
            }

            @Override
            public void createTopics(Collection<NewTopic> topics) {
                broker.createTopics(topics);
            }

            @Override
            public void close() {
                broker.close();
            }
        };
    }
}
