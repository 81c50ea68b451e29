package io.segmenter.stream.models;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.model.ModelBundle;
import io.segmenter.schemas.avro.ModelRelease;
import io.segmenter.schemas.avro.ModelRole;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

/** Builders of {@link ModelRelease} records as a publisher would write them. */
public final class ModelReleases {

    private ModelReleases() {
    }

    /** {@code bundle} inline, with its true checksum and feature hash. */
    public static ModelRelease.Builder inline(ModelBundle bundle, ModelRole role) {
        return base(bundle, role).setBundle(ByteBuffer.wrap(bundle.toBytes()));
    }

    /** A release that names {@code bundle} without carrying it. */
    public static ModelRelease.Builder base(ModelBundle bundle, ModelRole role) {
        return ModelRelease.newBuilder()
                .setModelVersion(bundle.modelVersion())
                .setRole(role)
                .setCreatedTime(bundle.createdTime())
                .setPublishedTime(Instant.parse("2026-02-01T00:00:00Z"))
                .setChecksumSha256(bundle.fileSha256())
                .setFeatureDefinitionHash(FeatureDefinition.versionHash())
                .setBundle(null)
                .setBundleUri(null)
                .setMetrics(Map.of())
                .setNotes("test release");
    }

    /** The bundle's bytes with one byte inverted in the middle. */
    public static byte[] flippedByte(ModelBundle bundle) {
        byte[] bytes = bundle.toBytes();
        bytes[bytes.length / 2] ^= (byte) 0xff;
        return bytes;
    }
}
