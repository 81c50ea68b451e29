package io.segmenter.stream.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.segmenter.schemas.registry.RetryingSchemaRegistryClient;
import java.util.List;

/**
 * The schema registry as the stream threads see it:
 * {@value #ERRORS} ({@code segmenter_registry_errors_total}) counts calls that found the registry
 * unreachable or failing with 5xx/408/429 (each is retried, none dead-letters a record), and
 * {@value #WAITING} ({@code segmenter_registry_waiting_calls}) the calls waiting for it now.
 */
public final class RegistryMeters implements AutoCloseable {

    public static final String ERRORS = "segmenter.registry.errors";
    public static final String WAITING = "segmenter.registry.waiting.calls";

    private final MeterRegistry registry;
    private final List<Meter> meters;

    private RegistryMeters(MeterRegistry registry, List<Meter> meters) {
        this.registry = registry;
        this.meters = meters;
    }

    public static RegistryMeters bind(MeterRegistry registry, RetryingSchemaRegistryClient client) {
        Meter errors = FunctionCounter.builder(ERRORS, client, RetryingSchemaRegistryClient::unavailableErrors)
                .description("schema registry calls that found it unavailable (retried)")
                .tag("kind", "unavailable")
                .register(registry);
        Meter waiting = Gauge.builder(WAITING, client, RetryingSchemaRegistryClient::waitingCalls)
                .description("calls waiting for the schema registry to answer")
                .register(registry);
        return new RegistryMeters(registry, List.of(errors, waiting));
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
