package io.segmenter.features;

/**
 * One named feature value as the HTTP view and reasons show it.
 *
 * @param window the window label ({@code 10m}, {@code 24h}, {@code 30d}), or {@code null} for point-in-time and lifetime values
 */
public record FeatureValue(String name, double value, String unit, String window, String description) {
}
