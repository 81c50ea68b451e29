package io.segmenter.stream.scoring;

import io.segmenter.model.ModelBundle;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The models this instance scores with: the live model (its outputs are emitted) and an optional
 * shadow candidate (scored for agreement metrics, never emitted). Thread-safe. Stream threads
 * read {@link #current()} once per scoring batch, so a swap takes effect between batches and a
 * batch never mixes versions. The model watcher is the only writer; the topology only reads.
 */
public final class LiveModels {

    /** One consistent view: both models as they were at one instant. */
    public record Active(ModelBundle live, ModelBundle shadow) {

        public Optional<ModelBundle> liveModel() {
            return Optional.ofNullable(live);
        }

        public Optional<ModelBundle> shadowModel() {
            return Optional.ofNullable(shadow);
        }
    }

    private final AtomicReference<Active> active;

    private LiveModels(ModelBundle live) {
        this.active = new AtomicReference<>(new Active(live, null));
    }

    /** Starts with {@code live} serving and no shadow. */
    public static LiveModels of(ModelBundle live) {
        if (live == null) {
            throw new IllegalArgumentException("live model must not be null; use LiveModels.none()");
        }
        return new LiveModels(live);
    }

    /** Starts with no model: users stay marked for scoring until one is installed. */
    public static LiveModels none() {
        return new LiveModels(null);
    }

    public Active current() {
        return active.get();
    }

    /** Whether a live model is installed. */
    public boolean hasLiveModel() {
        return active.get().live() != null;
    }

    /** Replaces the live model, keeping the shadow; returns the model it replaced (may be null). */
    public ModelBundle installLive(ModelBundle live) {
        if (live == null) {
            throw new IllegalArgumentException("live model must not be null");
        }
        return active.getAndUpdate(a -> new Active(live, a.shadow())).live();
    }

    /** Sets (or with null clears) the shadow model. */
    public void installShadow(ModelBundle shadow) {
        active.updateAndGet(a -> new Active(a.live(), shadow));
    }
}
