package io.segmenter.stream.models;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.segmenter.model.BundleRejectedException;
import io.segmenter.model.ModelBundle;
import io.segmenter.stream.scoring.LiveModels;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model metrics:
 * <ul>
 *   <li>{@value #SWAPS}{@code {role}}: models installed from the models topic ({@code live}, {@code shadow});</li>
 *   <li>{@value #REJECTIONS}{@code {reason}}: releases rejected, by reason code (every known code
 *       is registered at 0, so rates start from zero);</li>
 *   <li>{@value #INFO}{@code {version,role}}: 1 for the current live and shadow models only
 *       (a replaced model's series is removed, so the cardinality stays at two);</li>
 *   <li>{@value #AGE}: seconds from the live model's creation time to now.</li>
 * </ul>
 * Thread-safe; {@link #close} removes every meter it registered.
 */
public final class ModelMeters implements AutoCloseable {

    public static final String SWAPS = "segmenter.model.swaps";
    public static final String REJECTIONS = "segmenter.model.rejections";
    public static final String INFO = "segmenter.model.info";
    public static final String AGE = "segmenter.model.age.seconds";

    /** Every reason code a release can be rejected for. */
    public static final Set<String> REASONS;

    static {
        Set<String> reasons = new TreeSet<>();
        for (BundleRejectedException.Reason r : BundleRejectedException.Reason.values()) {
            reasons.add(ReleaseValidator.reasonCode(r));
        }
        reasons.addAll(List.of(ReleaseValidator.MISSING_BUNDLE, ReleaseValidator.UNSUPPORTED_BUNDLE_URI,
                ReleaseValidator.UNREADABLE_BUNDLE_URI, ReleaseValidator.VERSION_MISMATCH, ModelCatalog.UNKNOWN_ROLE,
                ModelReleaseWatcher.UNDECODABLE));
        REASONS = Set.copyOf(reasons);
    }

    /** The roles of {@link #INFO} and {@link #SWAPS}. */
    enum Role { LIVE, SHADOW;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final LiveModels models;
    private final Map<Role, Counter> swaps = new EnumMap<>(Role.class);
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();
    private final Map<Role, Gauge> info = new EnumMap<>(Role.class);
    private final List<Meter> fixed = new ArrayList<>();

    private ModelMeters(MeterRegistry registry, LiveModels models, Clock clock) {
        this.registry = registry;
        this.models = models;
        for (Role role : Role.values()) {
            Counter counter = Counter.builder(SWAPS).description("Models installed from the models topic, by role")
                    .tag("role", role.tag()).register(registry);
            swaps.put(role, counter);
            fixed.add(counter);
        }
        for (String reason : REASONS) {
            rejections.put(reason, rejectionCounter(reason));
        }
        fixed.add(Gauge.builder(AGE, models, m -> age(m, clock))
                .description("Seconds since the live model was created (trained)").register(registry));
    }

    /** Registers the meters on {@code registry} and shows the models {@code models} holds now. */
    public static ModelMeters bind(MeterRegistry registry, LiveModels models) {
        return bind(registry, models, Clock.systemUTC());
    }

    static ModelMeters bind(MeterRegistry registry, LiveModels models, Clock clock) {
        ModelMeters meters = new ModelMeters(registry, models, clock);
        meters.refresh();
        return meters;
    }

    void swapped(Role role) {
        swaps.get(role).increment();
    }

    void rejected(String reason) {
        rejections.computeIfAbsent(reason, this::rejectionCounter).increment();
    }

    /** Points {@value #INFO} at the models installed now. */
    synchronized void refresh() {
        LiveModels.Active active = models.current();
        show(Role.LIVE, active.live());
        show(Role.SHADOW, active.shadow());
    }

    private void show(Role role, ModelBundle model) {
        Gauge current = info.get(role);
        String version = model == null ? null : model.modelVersion();
        if (current != null && version != null && version.equals(current.getId().getTag("version"))) {
            return;
        }
        if (current != null) {
            registry.remove(current);
            info.remove(role);
        }
        if (version != null) {
            info.put(role, Gauge.builder(INFO, () -> 1).strongReference(true)
                    .description("1 for the model version serving in each role (live, shadow)")
                    .tags("version", version, "role", role.tag()).register(registry));
        }
    }

    private Counter rejectionCounter(String reason) {
        return Counter.builder(REJECTIONS).description("Model releases rejected, by reason")
                .tag("reason", reason).register(registry);
    }

    private static double age(LiveModels models, Clock clock) {
        ModelBundle live = models.current().live();
        return live == null ? Double.NaN : (clock.millis() - live.createdTime().toEpochMilli()) / 1000.0;
    }

    @Override
    public synchronized void close() {
        fixed.forEach(registry::remove);
        rejections.values().forEach(registry::remove);
        info.values().forEach(registry::remove);
        info.clear();
    }
}
