package io.segmenter.trainer;

import java.util.List;
import java.util.Objects;

/**
 * A named segment and what defines it.
 *
 * @param segment     cluster index
 * @param name        short analyst name, unique among the segments of one clustering
 * @param description one line: size and the defining features in original units against the population
 * @param size        users in the segment
 * @param share       size / all users
 * @param deviations  every non-constant feature, largest |z| first
 */
public record SegmentProfile(int segment, String name, String description, int size, double share,
        List<Deviation> deviations) {

    public SegmentProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        deviations = List.copyOf(deviations);
    }

    /**
     * How one feature sets the segment apart.
     *
     * @param feature        feature name
     * @param z              segment mean minus population mean of the standardized feature, in population standard deviations
     * @param segmentMean    mean raw value in the segment (original units)
     * @param populationMean mean raw value over all users (original units)
     */
    public record Deviation(String feature, double z, double segmentMean, double populationMean) {
    }
}
