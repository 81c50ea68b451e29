package io.segmenter.stream.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.stream.models.ModelCatalog.Action;
import io.segmenter.stream.models.ModelCatalog.Installed;
import io.segmenter.stream.models.ModelCatalog.Outcome;
import io.segmenter.stream.models.ModelCatalog.Release;
import io.segmenter.stream.models.ModelCatalog.Role;
import io.segmenter.stream.models.ModelCatalog.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The watcher's decisions, release by release, with models as plain strings and validation as a lookup. */
class ModelCatalogTest {

    private static final Installed<String> STARTUP = new Installed<>("v1", "sha-v1", "model-v1");

    /** Validation by lookup: versions with a model are valid, others rejected as golden-mismatch; records every call. */
    private final List<String> validated = new ArrayList<>();
    private final Map<String, String> validModels = Map.of("v1", "model-v1", "v2", "model-v2", "v3", "model-v3");
    private final Function<Release, Validation<String>> validate = release -> {
        validated.add(release.version());
        String model = validModels.get(release.version());
        return model == null ? Validation.rejected("golden-mismatch", "outputs differ") : Validation.valid(model);
    };

    @Test
    void liveReleaseOfANewVersionIsValidatedAndInstalled() {
        ModelCatalog<String> catalog = new ModelCatalog<>(Optional.empty(), STARTUP);

        Outcome outcome = catalog.offer(live("v2"), validate);

        assertThat(outcome.action()).isEqualTo(Action.INSTALLED_LIVE);
        assertThat(outcome.liveChanged()).isTrue();
        assertThat(catalog.live()).isEqualTo(new Installed<>("v2", "sha-v2", "model-v2"));
        assertThat(validated).containsExactly("v2");
    }

    @Test
    void theVersionAlreadyLiveIsNotValidatedAgainAndChangesNothing() {
        ModelCatalog<String> catalog = new ModelCatalog<>(Optional.empty(), STARTUP);

        Outcome outcome = catalog.offer(live("v1"), validate);

        assertThat(outcome.action()).isEqualTo(Action.UNCHANGED);
        assertThat(outcome.liveChanged()).isFalse();
        assertThat(validated).isEmpty();
        assertThat(catalog.live()).isSameAs(STARTUP);
    }

    @Test
    void theSameVersionWithOtherBytesIsANewBundle() {
        ModelCatalog<String> catalog = new ModelCatalog<>(Optional.empty(), STARTUP);

        Outcome outcome = catalog.offer(new Release("v1", Role.LIVE, "sha-v1-retrained"), validate);

        assertThat(outcome.action()).isEqualTo(Action.INSTALLED_LIVE);
        assertThat(catalog.live().checksumSha256()).isEqualTo("sha-v1-retrained");
        assertThat(validated).containsExactly("v1");
    }

    @Test
    void anInvalidReleaseIsRejectedAndTheLiveModelKeepsServing() {
        ModelCatalog<String> catalog = new ModelCatalog<>(Optional.empty(), STARTUP);
        catalog.offer(live("v2"), validate);

        Outcome outcome = catalog.offer(live("v9-broken"), validate);

        assertThat(outcome.action()).isEqualTo(Action.REJECTED);
        assertThat(outcome.reason()).isEqualTo("golden-mismatch");
        assertThat(outcome.detail()).isEqualTo("outputs differ");
        assertThat(catalog.live().version()).isEqualTo("v2");
        assertThat(catalog.shadow()).isEmpty();
    }

    @Test
    void anUnknownRoleIsRejectedWithoutValidating() {
        ModelCatalog<String> catalog = new ModelCatalog<>(Optional.empty(), STARTUP);

        Outcome outcome = catalog.offer(new Release("v2", Role.UNKNOWN, "sha-v2"), validate);

        assertThat(outcome.action()).isEqualTo(Action.REJECTED);
        assertThat(outcome.reason()).isEqualTo(ModelCatalog.UNKNOWN_ROLE);
        assertThat(validated).isEmpty();
        assertThat(catalog.live()).isSameAs(STARTUP);
    }

    @Test
    void rollbackIsTheOlderVersionPublishedAgainAndTheLatestReleaseWins() {
        ModelCatalog<String> catalog = new ModelCatalog<>(Optional.empty(), STARTUP);
        List<Action> actions = new ArrayList<>();
        // offsets 0..3 of the topic: v2, v3, then v2 again (rollback), then a broken v4
        for (Release release : List.of(live("v2"), live("v3"), live("v2"), live("v4"))) {
            actions.add(catalog.offer(release, validate).action());
        }

        assertThat(actions).containsExactly(Action.INSTALLED_LIVE, Action.INSTALLED_LIVE, Action.INSTALLED_LIVE, Action.REJECTED);
        assertThat(catalog.live().version()).isEqualTo("v2");
    }

    @Test
    void aShadowIsInstalledBesideTheLiveModelAndPromotedByALiveReleaseOfItsVersion() {
        ModelCatalog<String> catalog = new ModelCatalog<>(Optional.empty(), STARTUP);

        Outcome shadow = catalog.offer(shadow("v2"), validate);
        assertThat(shadow.action()).isEqualTo(Action.INSTALLED_SHADOW);
        assertThat(shadow.liveChanged()).isFalse();
        assertThat(catalog.live().version()).isEqualTo("v1");
        assertThat(catalog.shadow()).hasValueSatisfying(s -> assertThat(s.model()).isEqualTo("model-v2"));
        assertThat(catalog.offer(shadow("v2"), validate).action()).isEqualTo(Action.UNCHANGED);

        Outcome promoted = catalog.offer(live("v2"), validate);

        assertThat(promoted.action()).isEqualTo(Action.PROMOTED_SHADOW);
        assertThat(promoted.liveChanged()).isTrue();
        assertThat(catalog.live().model()).isEqualTo("model-v2");
        assertThat(catalog.shadow()).isEmpty();
        assertThat(validated).as("validated once, as the shadow").containsExactly("v2");
    }

    @Test
    void aLiveReleaseOfAnotherVersionKeepsTheShadow() {
        ModelCatalog<String> catalog = new ModelCatalog<>(Optional.empty(), STARTUP);
        catalog.offer(shadow("v3"), validate);

        assertThat(catalog.offer(live("v2"), validate).action()).isEqualTo(Action.INSTALLED_LIVE);

        assertThat(catalog.live().version()).isEqualTo("v2");
        assertThat(catalog.shadow()).hasValueSatisfying(s -> assertThat(s.version()).isEqualTo("v3"));
    }

    @Test
    void anInvalidShadowLeavesTheShadowAsItWas() {
        ModelCatalog<String> catalog = new ModelCatalog<>(Optional.empty(), STARTUP);
        catalog.offer(shadow("v2"), validate);

        assertThat(catalog.offer(shadow("v7-broken"), validate).action()).isEqualTo(Action.REJECTED);

        assertThat(catalog.shadow()).hasValueSatisfying(s -> assertThat(s.version()).isEqualTo("v2"));
    }

    @Test
    void withAPinOnlyThePinnedVersionBecomesLiveAndOthersAreRecordedOnce() {
        ModelCatalog<String> catalog = new ModelCatalog<>(Optional.of("v2"), STARTUP);

        Outcome v3 = catalog.offer(live("v3"), validate);
        Outcome v3Again = catalog.offer(live("v3"), validate);

        assertThat(v3.action()).isEqualTo(Action.PINNED_OUT);
        assertThat(v3.firstTime()).isTrue();
        assertThat(v3Again.action()).isEqualTo(Action.PINNED_OUT);
        assertThat(v3Again.firstTime()).isFalse();
        assertThat(validated).as("pinned-out releases are still validated").containsExactly("v3", "v3");
        assertThat(catalog.live()).isSameAs(STARTUP);

        assertThat(catalog.offer(live("v2"), validate).action()).isEqualTo(Action.INSTALLED_LIVE);
        assertThat(catalog.offer(live("v3"), validate).action()).isEqualTo(Action.PINNED_OUT);
        assertThat(catalog.live().version()).isEqualTo("v2");
    }

    @Test
    void withAPinAnInvalidReleaseOfAnotherVersionIsStillRejected() {
        ModelCatalog<String> catalog = new ModelCatalog<>(Optional.of("v2"), STARTUP);

        Outcome outcome = catalog.offer(live("v8-broken"), validate);

        assertThat(outcome.action()).isEqualTo(Action.REJECTED);
        assertThat(outcome.reason()).isEqualTo("golden-mismatch");
    }

    @Test
    void withAPinShadowsRunButAreNotPromotedUnlessPinned() {
        ModelCatalog<String> catalog = new ModelCatalog<>(Optional.of("v1"), STARTUP);

        assertThat(catalog.offer(shadow("v3"), validate).action()).isEqualTo(Action.INSTALLED_SHADOW);
        assertThat(catalog.offer(live("v3"), validate).action()).isEqualTo(Action.PINNED_OUT);

        assertThat(catalog.live()).isSameAs(STARTUP);
        assertThat(catalog.shadow()).hasValueSatisfying(s -> assertThat(s.version()).isEqualTo("v3"));
    }

    private static Release live(String version) {
        return new Release(version, Role.LIVE, "sha-" + version);
    }

    private static Release shadow(String version) {
        return new Release(version, Role.SHADOW, "sha-" + version);
    }
}
