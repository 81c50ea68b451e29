package io.segmenter.stream.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.registry.MockSchemaRegistry;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.stream.app.ProcessingProgress;
import io.segmenter.stream.app.TopicLayout;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.models.ModelMeters;
import io.segmenter.stream.replay.EventPublisher;
import io.segmenter.stream.testing.KafkaBrokerExtension;
import io.segmenter.stream.topology.SegmentationTopology;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instance as {@code run} wires it ({@link ServedInstance}), on a real broker: readiness
 * before and after the streams run, then a scrape of {@code /metrics} after valid and invalid
 * events, checked against what was sent, and against every metric the Grafana dashboard and the
 * Prometheus rules under {@code deploy/} name.
 */
class MetricsEndpointIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Instant BASE = Instant.parse("2024-03-01T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Series Prometheus makes itself, never in a scrape. */
    private static final Set<String> PROMETHEUS_MADE = Set.of("up");
    /** Labels Prometheus adds to every scraped series. */
    private static final Set<String> PROMETHEUS_LABELS = Set.of("job", "instance", "__name__");
    /** Labels whose matched values (reason="processing-error") need an event this test does not send. */
    private static final Set<String> LABEL_VALUES_NOT_SEEN_HERE = Set.of("reason");

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String registryScope = "metrics-it-" + UUID.randomUUID();
    private ServedInstance instance;

    @BeforeAll
    static void trustGeneratedAvroClasses() {
        AvroTrustedPackages.trustGeneratedClasses(); // as SegmenterCli.main does
    }

    @AfterEach
    void close() {
        if (instance != null) {
            instance.close();
        }
        MockSchemaRegistry.dropScope(registryScope);
    }

    @Test
    void scrapeHoldsOurCountersKafkaStreamsAndJvmMetricsAndEveryMetricTheDashboardAndAlertsName() throws Exception {
        SegmenterConfig config = SegmenterConfig.defaults()
                .with("application.id", "metrics-it")
                .with("bootstrap.servers", KAFKA.bootstrapServers())
                .with("schema.registry.url", "mock://" + registryScope)
                .with("topic.partitions", "2")
                .with("state.dir", stateDir.toString())
                .with("http.bind", "127.0.0.1")
                .with("http.port", "0")
                .with("http.advertised.host", "127.0.0.1");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            TopicLayout.ensure(admin, config, (short) 1, Duration.ofSeconds(30));
            instance = ServedInstance.create(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

            HttpResponse<String> notYet = get("/health/ready", "application/json");
            assertThat(notYet.statusCode()).isEqualTo(503);
            String version = instance.app().liveModelVersion();
            assertThat(JSON.readTree(notYet.body())).isEqualTo(JSON.readTree(
                    "{\"status\":\"DOWN\",\"checks\":{\"streams\":{\"status\":\"DOWN\",\"state\":\"CREATED\"},"
                            + "\"model\":{\"status\":\"DOWN\",\"version\":\"" + version + "\",\"reason\":\"models-topic-not-read\"},"
                            + "\"kafka\":{\"status\":\"UP\"},\"schema-registry\":{\"status\":\"UP\"}}}"));
            assertThat(get("/health/live", "application/json").statusCode()).isEqualTo(200);

            instance.app().start();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get("/health/ready", "application/json").statusCode() == 200);
            assertThat(JSON.readTree(get("/health/ready", "application/json").body())).isEqualTo(JSON.readTree(
                    "{\"status\":\"UP\",\"checks\":{\"streams\":{\"status\":\"UP\",\"state\":\"RUNNING\"},"
                            + "\"model\":{\"status\":\"UP\",\"version\":\"" + version + "\"},"
                            + "\"kafka\":{\"status\":\"UP\"},\"schema-registry\":{\"status\":\"UP\"}}}"));

            new EventPublisher(KAFKA.bootstrapServers(), Map.of(), config.get("topic.clicks"), config.get("topic.purchases"),
                    AvroSerdes.specific(ClickEvent.class, instance.app().registry()),
                    AvroSerdes.specific(PurchaseEvent.class, instance.app().registry()))
                    .publish(events(), 0);
            publishUndecodable(config.get("topic.clicks"));
            assertThat(new ProcessingProgress(admin, config.get("application.id"))
                    .awaitCaughtUp(Set.of(config.get("topic.clicks"), config.get("topic.purchases")), Duration.ofSeconds(30)))
                    .isTrue();

            // Kafka's per-partition and per-task metrics are bound on StreamsMeters' next refresh
            Map<String, String> queries = MonitoringQueries.all();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                Set<String> exported = scrape().names();
                queries.forEach((where, expr) -> assertThat(exported)
                        .as("metrics named by %s: %s", where, expr)
                        .containsAll(without(PromQl.metricNames(expr), PROMETHEUS_MADE)));
            });
            Scrape scrape = scrape();

            // our counters, with what was sent
            assertThat(scrape.value("segmenter_events_processed_total", Map.of("type", "view"))).isEqualTo(4);
            assertThat(scrape.value("segmenter_events_processed_total", Map.of("type", "cart"))).isEqualTo(1);
            assertThat(scrape.value("segmenter_events_processed_total", Map.of("type", "purchase"))).isEqualTo(1);
            assertThat(scrape.named("segmenter_events_processed_total")).hasSize(3);
            assertThat(scrape.value("segmenter_events_dead_lettered_total", Map.of("reason", "negative-price"))).isEqualTo(1);
            assertThat(scrape.value("segmenter_events_dead_lettered_total", Map.of("reason", "invalid-item-count"))).isEqualTo(1);
            assertThat(scrape.value("segmenter_events_dead_lettered_total", Map.of("reason", "undecodable"))).isEqualTo(1);
            assertThat(scrape.named("segmenter_events_dead_lettered_total")).hasSize(3);
            assertThat(scrape.value("segmenter_users_added_total", Map.of())).isEqualTo(3);
            assertThat(scrape.value("segmenter_users_evicted_total", Map.of())).isZero();
            assertThat(scrape.value("segmenter_events_duplicates_dropped_total", Map.of())).isZero();

            // the model: one info series for the live model, its age, swaps and rejections from zero
            assertThat(scrape.named("segmenter_model_info")).singleElement().satisfies(info -> {
                assertThat(info.labels()).containsEntry("version", version).containsEntry("role", "live");
                assertThat(info.value()).isEqualTo(1);
            });
            assertThat(scrape.value("segmenter_model_age_seconds", Map.of())).isPositive();
            assertThat(scrape.value("segmenter_model_swaps_total", Map.of("role", "live"))).isZero();
            assertThat(scrape.named("segmenter_model_rejections_total")).hasSize(ModelMeters.REASONS.size())
                    .allSatisfy(r -> assertThat(r.value()).isZero());

            // state: one gauge per store, one series per Streams state
            assertThat(scrape.named("segmenter_state_store_approximate_entries")).extracting(s -> s.labels().get("store"))
                    .containsExactlyInAnyOrderElementsOf(StreamsMeters.storeNames(instance.app().topology()));
            assertThat(scrape.value("segmenter_state_store_approximate_entries", Map.of("store", SegmentationTopology.USER_FEATURES_STORE)))
                    .isPositive();
            assertThat(scrape.value("segmenter_streams_state", Map.of("state", "running"))).isEqualTo(1);
            assertThat(scrape.named("segmenter_streams_state")).hasSize(KafkaStreams.State.values().length)
                    .filteredOn(s -> s.value() == 1).hasSize(1);

            // Kafka Streams' own client metrics, and the JVM's
            assertThat(scrape.value("kafka_stream_alive_stream_threads", Map.of())).isEqualTo(1);
            assertThat(scrape.value("kafka_stream_failed_stream_threads_total", Map.of())).isZero();
            assertThat(scrape.names()).contains("kafka_consumer_fetch_manager_records_lag", "kafka_producer_record_send_total",
                    "kafka_stream_thread_process_total", "jvm_memory_used_bytes", "jvm_gc_pause_seconds_count",
                    "jvm_threads_live_threads", "jvm_classes_loaded_classes", "process_cpu_usage", "process_uptime_seconds");

            // the labels the queries match on exist on those metrics, with the values they expect
            queries.forEach((where, expr) -> PromQl.selectors(expr).stream()
                    .filter(selector -> !PROMETHEUS_MADE.contains(selector.metric()))
                    .forEach(selector -> assertLabelsExist(scrape, selector, where)));

            // low cardinality: no user id in any label
            Set<String> users = Set.of("u-1", "u-2", "u-3", "u-4", "u-5");
            assertThat(scrape.samples()).noneMatch(s -> s.labels().values().stream().anyMatch(users::contains));
        }
    }

    @Test
    void metricsAnswerInTheFormatAndEncodingTheScraperAsksFor() throws Exception {
        SegmenterConfig config = SegmenterConfig.defaults()
                .with("application.id", "metrics-it-formats")
                .with("bootstrap.servers", KAFKA.bootstrapServers())
                .with("schema.registry.url", "mock://" + registryScope)
                .with("state.dir", stateDir.toString())
                .with("http.bind", "127.0.0.1")
                .with("http.port", "0")
                .with("http.advertised.host", "127.0.0.1");
        instance = ServedInstance.create(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

        HttpResponse<String> text = get("/metrics", "*/*");
        assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(text.body()).contains("# TYPE segmenter_users_evicted_total counter").doesNotContain("# EOF");

        // what Prometheus 3 sends
        HttpResponse<String> openMetrics = get("/metrics",
                "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.3,*/*;q=0.1");
        assertThat(openMetrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/openmetrics-text"));
        assertThat(openMetrics.body()).endsWith("# EOF\n");
        assertThat(Scrape.parse(openMetrics.body()).names()).contains("segmenter_streams_state", "jvm_memory_used_bytes");

        HttpResponse<byte[]> gzipped = http.send(HttpRequest.newBuilder(instance.uri().resolve("/metrics"))
                .header("Accept-Encoding", "gzip").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        try (var in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("segmenter_streams_state{state=\"created\"} 1");
        }
    }

    private static void assertLabelsExist(Scrape scrape, PromQl.Selector selector, String where) {
        List<Scrape.Sample> samples = scrape.named(selector.metric());
        for (String label : selector.labelNames()) {
            if (PROMETHEUS_LABELS.contains(label)) {
                continue;
            }
            assertThat(samples).as("%s: label %s on %s", where, label, selector.metric())
                    .anyMatch(s -> s.labels().containsKey(label));
        }
        selector.equalities().forEach((label, value) -> {
            if (!PROMETHEUS_LABELS.contains(label) && !LABEL_VALUES_NOT_SEEN_HERE.contains(label)) {
                assertThat(samples).as("%s: %s{%s=\"%s\"}", where, selector.metric(), label, value)
                        .anyMatch(s -> value.equals(s.labels().get(label)));
            }
        });
    }

    private static Set<String> without(Set<String> names, Set<String> excluded) {
        Set<String> left = new java.util.TreeSet<>(names);
        left.removeAll(excluded);
        return left;
    }

    private Scrape scrape() throws IOException, InterruptedException {
        HttpResponse<String> metrics = get("/metrics", "*/*");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return Scrape.parse(metrics.body());
    }

    private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        URI uri = instance.uri().resolve(path);
        return http.send(HttpRequest.newBuilder(uri).header("Accept", accept).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void publishUndecodable(String topic) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "u-1", new byte[] {1, 2, 3}));
            producer.flush();
        }
    }

    /** u-1: view, view, cart; u-2: view, purchase; u-3: view; u-4: a negative price; u-5: an order of 0 items. */
    private static List<DatasetEvent> events() {
        List<DatasetEvent> events = new ArrayList<>();
        events.add(click("u-1", ClickType.VIEW, BASE, 1_999));
        events.add(click("u-1", ClickType.VIEW, BASE.plusSeconds(60), 2_999));
        events.add(click("u-1", ClickType.CART, BASE.plusSeconds(120), 2_999));
        events.add(click("u-2", ClickType.VIEW, BASE.plusSeconds(30), 999));
        events.add(purchase("u-2", 999, 1, BASE.plusSeconds(300)));
        events.add(click("u-3", ClickType.VIEW, BASE.plusSeconds(40), 500));
        events.add(click("u-4", ClickType.VIEW, BASE.plusSeconds(50), -100));
        events.add(purchase("u-5", 999, 0, BASE.plusSeconds(310)));
        events.sort(Comparator.comparing(DatasetEvent::eventTime));
        return events;
    }

    private static DatasetEvent click(String user, ClickType type, Instant at, long priceMinor) {
        return new DatasetEvent.Click(ClickEvent.newBuilder()
                .setEventId(user + "-" + type + "-" + at.toEpochMilli()).setUserId(user).setType(type)
                .setProductId("p-" + priceMinor).setCategoryId("c-1").setPriceMinor(priceMinor).setCurrency("EUR")
                .setEventTime(at).build(), 0);
    }

    private static DatasetEvent purchase(String user, long amountMinor, int items, Instant at) {
        return new DatasetEvent.Purchase(PurchaseEvent.newBuilder()
                .setEventId(user + "-order-" + at.toEpochMilli()).setOrderId("o-" + user + "-" + at.toEpochMilli())
                .setUserId(user).setAmountMinor(amountMinor).setCurrency("EUR").setItemCount(items)
                .setEventTime(at).build(), 0, OptionalInt.empty());
    }
}
