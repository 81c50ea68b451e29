package io.segmenter.stream.models;

import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What to do with each model release, in the order the models topic holds them: the decisions
 * of {@link ModelReleaseWatcher}, without Kafka or DL4J. Not thread-safe: one watcher thread
 * owns it.
 *
 * <ul>
 *   <li>The latest release read wins: a LIVE release replaces the live model, a SHADOW release the
 *       shadow. Rollback is publishing an older version again; it is just the latest release.</li>
 *   <li>A LIVE release of the version (and bytes) already live changes nothing and is not
 *       validated again; one of the current shadow promotes the shadow, also without validating
 *       again. Installing a live model that is also the shadow clears the shadow.</li>
 *   <li>With a pin, only the pinned version may become live. Releases of other versions are
 *       still validated (a broken one is reported) and recorded, not installed; shadows are
 *       installed as usual, since they are never emitted.</li>
 *   <li>A release that fails validation, or has a role this reader does not know, is rejected and
 *       leaves both models as they were.</li>
 * </ul>
 *
 * @param <B> the validated model ({@code ModelBundle} in production, anything in tests)
 */
public final class ModelCatalog<B> {

    /** What a release asks for. */
    public enum Role { LIVE, SHADOW, UNKNOWN }

    /** The part of a release the decision needs; the bytes stay with the caller. */
    public record Release(String version, Role role, String checksumSha256) {
        public Release {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(checksumSha256, "checksumSha256");
        }
    }

    /** A model this catalog installed: its version, the SHA-256 of its bundle file, the model. */
    public record Installed<B>(String version, String checksumSha256, B model) {
        public Installed {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(checksumSha256, "checksumSha256");
            Objects.requireNonNull(model, "model");
        }

        boolean sameBundle(Release release) {
            return version.equals(release.version()) && checksumSha256.equalsIgnoreCase(release.checksumSha256());
        }
    }

    /** The outcome of validating one release: the model, or why not. */
    public sealed interface Validation<B> {
        record Valid<B>(B model) implements Validation<B> {
        }

        record Rejected<B>(String reason, String detail) implements Validation<B> {
        }

        static <B> Validation<B> valid(B model) {
            return new Valid<>(model);
        }

        static <B> Validation<B> rejected(String reason, String detail) {
            return new Rejected<>(reason, detail);
        }
    }

    /** What happened to a release. */
    public enum Action {
        /** The model replaced the live one. */
        INSTALLED_LIVE,
        /** The model became the shadow. */
        INSTALLED_SHADOW,
        /** The shadow became live (a LIVE release of the shadow's version and bytes). */
        PROMOTED_SHADOW,
        /** Already serving in that role; nothing changed. */
        UNCHANGED,
        /** Valid, but another version is pinned: recorded, not installed. */
        PINNED_OUT,
        /** Invalid or of an unknown role: nothing changed. */
        REJECTED
    }

    /**
     * @param action    what happened
     * @param release   the release it happened to
     * @param reason    the rejection reason code (kebab-case) when {@link Action#REJECTED}, else null
     * @param detail    what exactly was wrong, when rejected, else null
     * @param firstTime for {@link Action#PINNED_OUT}: whether this version was pinned out for the first time (log once)
     */
    public record Outcome(Action action, Release release, String reason, String detail, boolean firstTime) {

        /** Whether the live model changed. */
        public boolean liveChanged() {
            return action == Action.INSTALLED_LIVE || action == Action.PROMOTED_SHADOW;
        }
    }

    /** Reason code of a release whose role this reader does not know. */
    public static final String UNKNOWN_ROLE = "unknown-role";

    private final Optional<String> pin;
    private Installed<B> live;
    private Installed<B> shadow;
    private final Set<String> pinnedOut = new HashSet<>();

    /**
     * @param pin     the only version that may become live from a release; empty to follow the releases
     * @param startup the live model the instance starts with
     */
    public ModelCatalog(Optional<String> pin, Installed<B> startup) {
        this.pin = Objects.requireNonNull(pin, "pin");
        this.live = Objects.requireNonNull(startup, "startup");
    }

    /**
     * Decides what {@code release} changes; calls {@code validate} only when the release needs a
     * model it does not already hold.
     */
    public Outcome offer(Release release, Function<Release, Validation<B>> validate) {
        if (release.role() == Role.UNKNOWN) {
            return rejected(release, UNKNOWN_ROLE, "role UNKNOWN: a role this reader does not know");
        }
        if (release.role() == Role.LIVE && live.sameBundle(release)) {
            return new Outcome(Action.UNCHANGED, release, null, null, false);
        }
        if (release.role() == Role.SHADOW && shadow != null && shadow.sameBundle(release)) {
            return new Outcome(Action.UNCHANGED, release, null, null, false);
        }
        if (release.role() == Role.LIVE && shadow != null && shadow.sameBundle(release) && pinAllows(release)) {
            live = shadow;
            shadow = null;
            return new Outcome(Action.PROMOTED_SHADOW, release, null, null, false);
        }
        Validation<B> validation = validate.apply(release);
        if (validation instanceof Validation.Rejected<B> rejected) {
            return rejected(release, rejected.reason(), rejected.detail());
        }
        B model = ((Validation.Valid<B>) validation).model();
        Installed<B> installed = new Installed<>(release.version(), release.checksumSha256().toLowerCase(java.util.Locale.ROOT), model);
        if (release.role() == Role.SHADOW) {
            shadow = installed;
            return new Outcome(Action.INSTALLED_SHADOW, release, null, null, false);
        }
        if (!pinAllows(release)) {
            return new Outcome(Action.PINNED_OUT, release, null, null, pinnedOut.add(release.version()));
        }
        live = installed;
        if (shadow != null && shadow.version().equals(release.version())) {
            shadow = null;
        }
        return new Outcome(Action.INSTALLED_LIVE, release, null, null, false);
    }

    public Installed<B> live() {
        return live;
    }

    public Optional<Installed<B>> shadow() {
        return Optional.ofNullable(shadow);
    }

    public Optional<String> pin() {
        return pin;
    }

    private boolean pinAllows(Release release) {
        return pin.isEmpty() || pin.get().equals(release.version());
    }

    private static Outcome rejected(Release release, String reason, String detail) {
        return new Outcome(Action.REJECTED, release, reason, detail, false);
    }
}
