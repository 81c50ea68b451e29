package io.segmenter.stream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaBrokerExtensionIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    private static String bootstrapAtStart;

    @BeforeAll
    static void rememberBroker(TestKafkaBroker broker) {
        bootstrapAtStart = broker.bootstrapServers();
    }

    @Test
    @DisabledIfSystemProperty(named = KafkaBrokerExtension.BACKEND_PROPERTY, matches = ".+")
    @DisabledIfEnvironmentVariable(named = KafkaBrokerExtension.BACKEND_ENVIRONMENT, matches = ".+")
    void startsTheEmbeddedBrokerByDefault() {
        assertThat(kafka.backend()).isEqualTo(KafkaBrokerExtension.Backend.EMBEDDED);
    }

    @Test
    void injectsTheSameBrokerAsTheStaticField(TestKafkaBroker injected) {
        assertThat(injected).isSameAs(kafka);
        assertThat(injected.clientProperties()).containsEntry("bootstrap.servers", bootstrapAtStart);
    }

    @Test
    void createsTopicsWithPartitionsAndConfigs() throws Exception {
        kafka.createTopic("user-profiles", 4, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));

        try (Admin admin = Admin.create(kafka.clientProperties())) {
            TopicDescription description = admin.describeTopics(List.of("user-profiles"))
                    .allTopicNames().get().get("user-profiles");
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "user-profiles");
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);

            assertThat(description.partitions()).hasSize(4)
                    .allSatisfy(partition -> assertThat(partition.leader()).isNotNull());
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    @Nested
    class NestedTests {
        @Test
        void shareTheOuterClassBroker() {
            assertThat(kafka.bootstrapServers()).isEqualTo(bootstrapAtStart);
        }
    }
}
