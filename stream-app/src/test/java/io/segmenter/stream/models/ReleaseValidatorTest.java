package io.segmenter.stream.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.model.DemoBundles;
import io.segmenter.model.ModelBundle;
import io.segmenter.schemas.avro.ModelRole;
import io.segmenter.stream.models.ModelCatalog.Validation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseValidatorTest {

    private static ModelBundle bundle;
    private final ReleaseValidator validator = ReleaseValidator.forRunningDefinition();

    @TempDir
    Path dir;

    @BeforeAll
    static void buildBundle() {
        bundle = DemoBundles.defaultBundle();
    }

    @Test
    void inlineBundleWithItsChecksumLoads() {
        Validation<ModelBundle> result = validator.validate(ModelReleases.inline(bundle, ModelRole.LIVE).build());

        assertThat(result).isInstanceOf(Validation.Valid.class);
        ModelBundle loaded = ((Validation.Valid<ModelBundle>) result).model();
        assertThat(loaded.modelVersion()).isEqualTo(bundle.modelVersion());
        assertThat(loaded.fileSha256()).isEqualTo(bundle.fileSha256());
    }

    @Test
    void flippedByteIsRejectedByTheAnnouncedChecksum() {
        var release = ModelReleases.inline(bundle, ModelRole.LIVE)
                .setBundle(ByteBuffer.wrap(ModelReleases.flippedByte(bundle))).build();

        assertThat(reason(validator.validate(release))).isEqualTo("file-checksum-mismatch");
    }

    @Test
    void flippedByteWithAMatchingFileChecksumIsStillCaughtInsideTheBundle() {
        byte[] corrupt = ModelReleases.flippedByte(bundle);
        var release = ModelReleases.inline(bundle, ModelRole.LIVE)
                .setBundle(ByteBuffer.wrap(corrupt)).setChecksumSha256(ModelBundle.sha256Hex(corrupt)).build();

        // the zip's own CRC or the bundle's content checksum catches it, depending on where the byte falls
        assertThat(reason(validator.validate(release))).isIn("unreadable", "checksum-mismatch");
    }

    @Test
    void wrongChecksumInTheReleaseIsRejected() {
        var release = ModelReleases.inline(bundle, ModelRole.LIVE).setChecksumSha256("0".repeat(64)).build();

        assertThat(reason(validator.validate(release))).isEqualTo("file-checksum-mismatch");
    }

    @Test
    void releaseForAnotherFeatureDefinitionIsRejectedBeforeReadingTheBundle() {
        var release = ModelReleases.inline(bundle, ModelRole.LIVE).setFeatureDefinitionHash("f".repeat(64)).build();

        Validation<ModelBundle> result = validator.validate(release);

        assertThat(reason(result)).isEqualTo("feature-hash-mismatch");
        assertThat(((Validation.Rejected<ModelBundle>) result).detail()).contains(FeatureDefinition.versionHash());
    }

    @Test
    void bundleTrainedOnAnotherDefinitionIsRejectedEvenWhenTheReleaseClaimsOurs() {
        ReleaseValidator otherDefinition = new ReleaseValidator("a".repeat(64));
        var release = ModelReleases.inline(bundle, ModelRole.LIVE).setFeatureDefinitionHash("a".repeat(64)).build();

        assertThat(reason(otherDefinition.validate(release))).isEqualTo("feature-hash-mismatch");
    }

    @Test
    void releaseWhoseBundleIsAnotherVersionIsRejected() {
        var release = ModelReleases.inline(bundle, ModelRole.LIVE).setModelVersion("not-" + bundle.modelVersion()).build();

        assertThat(reason(validator.validate(release))).isEqualTo(ReleaseValidator.VERSION_MISMATCH);
    }

    @Test
    void bundleByFileUriIsReadFromDisk() throws IOException {
        Path file = dir.resolve("bundle.zip");
        bundle.write(file);
        var release = ModelReleases.base(bundle, ModelRole.LIVE).setBundleUri(file.toUri().toString()).build();

        Validation<ModelBundle> result = validator.validate(release);

        assertThat(result).isInstanceOf(Validation.Valid.class);
    }

    @Test
    void missingFileOtherSchemesAndNoBundleAreRejected() throws IOException {
        var missing = ModelReleases.base(bundle, ModelRole.LIVE).setBundleUri(dir.resolve("absent.zip").toUri().toString()).build();
        var https = ModelReleases.base(bundle, ModelRole.LIVE).setBundleUri("https://models.example.com/v1.zip").build();
        var nothing = ModelReleases.base(bundle, ModelRole.LIVE).build();

        assertThat(reason(validator.validate(missing))).isEqualTo(ReleaseValidator.UNREADABLE_BUNDLE_URI);
        assertThat(reason(validator.validate(https))).isEqualTo(ReleaseValidator.UNSUPPORTED_BUNDLE_URI);
        assertThat(reason(validator.validate(nothing))).isEqualTo(ReleaseValidator.MISSING_BUNDLE);
        Files.writeString(dir.resolve("not-a-zip.zip"), "hello");
        var notZip = ModelReleases.base(bundle, ModelRole.LIVE).setBundleUri(dir.resolve("not-a-zip.zip").toUri().toString())
                .setChecksumSha256(ModelBundle.sha256Hex("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).build();
        assertThat(reason(validator.validate(notZip))).isEqualTo("unreadable");
    }

    private static String reason(Validation<ModelBundle> validation) {
        assertThat(validation).isInstanceOf(Validation.Rejected.class);
        return ((Validation.Rejected<ModelBundle>) validation).reason();
    }
}
