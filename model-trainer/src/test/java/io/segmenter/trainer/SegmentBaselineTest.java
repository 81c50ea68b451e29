package io.segmenter.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.model.Standardizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentBaselineTest {

    @TempDir
    Path dir;

    private static final SegmentClustering CLUSTERING = new SegmentClustering(List.of("purchases_30d", "views_30d"),
            new double[][] {{-1, 0}, {1.5, 0}});

    @Test
    void roundTripsThroughJson() throws Exception {
        GaussianNaiveBayes nb = GaussianNaiveBayes.fit(new double[][] {{0, 1}, {1, 1}, {5, 5}, {6, 4}}, new int[] {0, 0, 1, 1}, 2);
        SegmentBaseline baseline = new SegmentBaseline("seg-1", "ab".repeat(32), CLUSTERING, nb);
        Path file = dir.resolve("baseline.json");
        baseline.write(file);

        SegmentBaseline read = SegmentBaseline.read(file);
        assertThat(read.modelVersion()).isEqualTo("seg-1");
        assertThat(read.clustering().features()).isEqualTo(CLUSTERING.features());
        assertThat(read.clustering().centroids()).isEqualTo(CLUSTERING.centroids());
        assertThat(read.naiveBayes()).isEqualTo(nb);
    }

    @Test
    void labelsAreTheNearestCentroidOfTheStandardizedClusteredFeatures() {
        int d = FeatureDefinition.SEGMENT.size();
        int purchases = FeatureDefinition.SEGMENT.indexOf("purchases_30d");
        double[][] rows = new double[4][d];
        for (int i = 0; i < rows.length; i++) {
            rows[i][purchases] = i * i; // 0, 1, 4, 9 orders
        }
        Standardizer standardizer = Standardizer.fit(FeatureDefinition.SEGMENT.specs(), rows);

        int[] labels = CLUSTERING.labels(standardizer, rows);
        double[] z = standardizer.transformAll(rows)[0];
        assertThat(z[purchases]).isNegative();
        assertThat(labels).containsExactly(0, 0, 1, 1);
    }

    @Test
    void rejectsABaselineWhoseClassesDifferFromTheSegments() {
        GaussianNaiveBayes three = GaussianNaiveBayes.fit(new double[][] {{0}, {1}, {2}}, new int[] {0, 1, 2}, 3);
        assertThatThrownBy(() -> new SegmentBaseline("v", "x", CLUSTERING, three)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SegmentClustering(List.of("no_such_feature"), new double[][] {{0}, {1}}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
