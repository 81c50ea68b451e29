package io.segmenter.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;

/**
 * The JSON entries of a bundle. Strict on reading: unknown fields, missing fields and nulls for
 * numbers are errors, because a silently defaulted threshold is worse than a rejected bundle.
 */
final class BundleJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * Reads {@code normalizers.json}: like {@link #MAPPER} but a missing field reads as null, so the
     * validator can reject a normalizer without transforms (or names, or constant flags) as
     * {@code INVALID_NORMALIZER} and say which field is missing.
     */
    static final ObjectMapper NORMALIZER_MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** {@code normalizers.json}. */
    record Normalizers(Normalizer segment, Normalizer fraud) {
        static Normalizers of(Standardizer segment, Standardizer fraud) {
            return new Normalizers(Normalizer.of(segment), Normalizer.of(fraud));
        }
    }

    /**
     * One {@link Standardizer} as stored: per feature its name, transform name, mean and standard
     * deviation of the transformed value, and whether it was constant when fitted. Transforms are
     * names rather than the enum so that an unknown one is an {@code INVALID_NORMALIZER}, not a parse error.
     */
    record Normalizer(List<String> names, List<String> transforms, double[] mean, double[] std, boolean[] constant) {
        static Normalizer of(Standardizer s) {
            return new Normalizer(s.names(), s.transforms().stream().map(FeatureTransform::name).toList(), s.means(),
                    s.stds(), s.constant());
        }
    }

    /**
     * {@code predictive-heads.json}: the heads' periods (ISO-8601), how many member networks, their
     * inputs' normalizer, the three calibrations, and golden cases (a SEGMENT input and the members'
     * mean raw outputs, in {@link PredictiveNetwork#HEADS} order).
     */
    record PredictiveSpec(String purchaseHorizon, String churnHorizon, int members, Normalizer normalizer,
            IsotonicCalibration purchase, IsotonicCalibration purchases, IsotonicCalibration churn,
            List<GoldenRaw> golden) {
    }

    /** One golden case of the predictive heads. */
    record GoldenRaw(double[] input, double[] raw) {
    }

    private BundleJson() {
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    static <T> T read(String entry, byte[] bytes, Class<T> type) throws BundleRejectedException {
        return read(MAPPER, entry, bytes, type);
    }

    static <T> T read(ObjectMapper mapper, String entry, byte[] bytes, Class<T> type) throws BundleRejectedException {
        try {
            return mapper.readValue(bytes, type);
        } catch (IOException | RuntimeException e) {
            throw new BundleRejectedException(BundleRejectedException.Reason.MALFORMED_MANIFEST,
                    entry + " does not parse as " + type.getSimpleName() + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
