package io.segmenter.stream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BearerTokenCheckTest {

    private final BearerTokenCheck check = new BearerTokenCheck("s3cret-token");

    @Test
    void admitsTheExpectedTokenWithTheSchemeInAnyCase() {
        assertThat(check.admits("Bearer s3cret-token")).isTrue();
        assertThat(check.admits("bearer s3cret-token")).isTrue();
        assertThat(check.admits("BEARER s3cret-token ")).isTrue();
    }

    @Test
    void refusesAMissingWrongOrPartialToken() {
        assertThat(check.admits(null)).isFalse();
        assertThat(check.admits("")).isFalse();
        assertThat(check.admits("Bearer ")).isFalse();
        assertThat(check.admits("Bearer s3cret-toke")).isFalse();
        assertThat(check.admits("Bearer s3cret-token2")).isFalse();
        assertThat(check.admits("Bearer S3CRET-TOKEN")).isFalse();
        assertThat(check.admits("s3cret-token")).isFalse();
        assertThat(check.admits("Basic s3cret-token")).isFalse();
        assertThat(check.admits("Bearers3cret-token")).isFalse();
    }

    @Test
    void refusesToBeBuiltWithAnEmptyToken() {
        assertThatThrownBy(() -> new BearerTokenCheck("")).isInstanceOf(IllegalArgumentException.class);
    }
}
