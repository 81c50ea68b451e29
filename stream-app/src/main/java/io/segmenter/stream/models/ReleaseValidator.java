package io.segmenter.stream.models;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.model.BundleRejectedException;
import io.segmenter.model.BundleValidator;
import io.segmenter.model.ModelBundle;
import io.segmenter.schemas.avro.ModelRelease;
import io.segmenter.stream.models.ModelCatalog.Validation;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns a {@link ModelRelease} into a loaded, validated {@link ModelBundle}, or says why not.
 * Checks, in order: the release's feature-definition hash against the running one (before any
 * bytes are read), where the bundle is (inline bytes, or a {@code file:} URI), then
 * {@link BundleValidator#load(byte[], String)} with the release's checksum (file checksum, entries,
 * feature hash, shapes, golden outputs), and last that the bundle is the version the release
 * names. Thread-safe.
 */
public final class ReleaseValidator {

    /** The release names a feature definition other than the running one. */
    public static final String FEATURE_HASH_MISMATCH = reasonCode(BundleRejectedException.Reason.FEATURE_HASH_MISMATCH);
    /** Neither inline bytes nor a URI. */
    public static final String MISSING_BUNDLE = "missing-bundle";
    /** A URI of a scheme this reader does not fetch (only {@code file:}). */
    public static final String UNSUPPORTED_BUNDLE_URI = "unsupported-bundle-uri";
    /** A {@code file:} URI that cannot be read. */
    public static final String UNREADABLE_BUNDLE_URI = "unreadable-bundle-uri";
    /** The bundle inside is another version than the release says. */
    public static final String VERSION_MISMATCH = "version-mismatch";

    /** Larger files are not read (a bundle of this project's networks is well under 1 MB). */
    private static final long MAX_BUNDLE_BYTES = 256L * 1024 * 1024;

    private final String runningFeatureHash;
    private final BundleValidator bundles;

    /** Validates against {@code runningFeatureHash}, the hash of the feature definition this instance computes. */
    public ReleaseValidator(String runningFeatureHash) {
        this.runningFeatureHash = runningFeatureHash;
        this.bundles = new BundleValidator(runningFeatureHash, BundleValidator.DEFAULT_TOLERANCE);
    }

    /** Validates against {@link FeatureDefinition#versionHash()}. */
    public static ReleaseValidator forRunningDefinition() {
        return new ReleaseValidator(FeatureDefinition.versionHash());
    }

    public Validation<ModelBundle> validate(ModelRelease release) {
        if (!runningFeatureHash.equalsIgnoreCase(release.getFeatureDefinitionHash())) {
            return Validation.rejected(FEATURE_HASH_MISMATCH, "release was trained on feature definition "
                    + release.getFeatureDefinitionHash() + ", this instance runs " + runningFeatureHash);
        }
        byte[] zip;
        ByteBuffer inline = release.getBundle();
        if (inline != null) {
            ByteBuffer copy = inline.duplicate();
            zip = new byte[copy.remaining()];
            copy.get(zip);
        } else if (release.getBundleUri() != null) {
            URI uri;
            try {
                uri = URI.create(release.getBundleUri());
            } catch (IllegalArgumentException e) {
                return Validation.rejected(UNSUPPORTED_BUNDLE_URI, "bundleUri is not a URI: " + e.getMessage());
            }
            if (!"file".equalsIgnoreCase(uri.getScheme())) {
                return Validation.rejected(UNSUPPORTED_BUNDLE_URI, "bundleUri " + uri + ": only file: URIs are read");
            }
            try {
                Path file = Path.of(uri);
                long size = Files.size(file);
                if (size > MAX_BUNDLE_BYTES) {
                    return Validation.rejected(UNREADABLE_BUNDLE_URI, file + " is " + size + " bytes, more than a bundle may have");
                }
                zip = Files.readAllBytes(file);
            } catch (IOException | IllegalArgumentException e) {
                return Validation.rejected(UNREADABLE_BUNDLE_URI, "cannot read " + uri + ": " + e);
            }
        } else {
            return Validation.rejected(MISSING_BUNDLE, "the release carries neither bundle bytes nor a bundleUri");
        }
        ModelBundle bundle;
        try {
            bundle = bundles.load(zip, release.getChecksumSha256());
        } catch (BundleRejectedException e) {
            return Validation.rejected(reasonCode(e.reason()), e.getMessage());
        }
        if (!bundle.modelVersion().equals(release.getModelVersion())) {
            return Validation.rejected(VERSION_MISMATCH, "the release says version " + release.getModelVersion()
                    + ", the bundle is " + bundle.modelVersion());
        }
        return Validation.valid(bundle);
    }

    /** {@code FILE_CHECKSUM_MISMATCH} -> {@code file-checksum-mismatch}: the metric tag and log value. */
    public static String reasonCode(BundleRejectedException.Reason reason) {
        return reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
