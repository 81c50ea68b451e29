package io.segmenter.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KMeansTest {

    @Test
    void recoversThreeWellSeparatedGaussianBlobs() {
        Blobs blobs = Blobs.three(7);
        KMeansModel model = KMeans.fit(blobs.points, KMeans.Config.of(3, 42));

        assertThat(model.converged()).isTrue();
        for (double[] centre : Blobs.THREE_CENTRES) {
            double nearest = Double.POSITIVE_INFINITY;
            for (double[] c : model.centroids()) {
                nearest = Math.min(nearest, Math.sqrt(Points.squaredDistance(c, centre)));
            }
            assertThat(nearest).as("distance of the nearest centroid to %s", (Object) centre).isLessThan(0.5);
        }
        int[] labels = model.assignAll(blobs.points);
        Map<Integer, Set<Integer>> clustersPerBlob = new HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            clustersPerBlob.computeIfAbsent(blobs.truth[i], b -> new HashSet<>()).add(labels[i]);
        }
        assertThat(clustersPerBlob.values()).allMatch(s -> s.size() == 1);
        assertThat(new HashSet<>(clustersPerBlob.values())).hasSize(3);
        // inertia: 300 points, 3 coordinates of unit variance each
        assertThat(model.inertia()).isBetween(700.0, 1100.0);
    }

    @Test
    void sameSeedGivesTheSameModel() {
        Blobs blobs = Blobs.around(new double[][] {{0, 0}, {3, 0}, {0, 3}, {3, 3}}, 60, 1.2, 3);
        KMeansModel a = KMeans.fit(blobs.points, KMeans.Config.of(4, 99));
        KMeansModel b = KMeans.fit(blobs.points, KMeans.Config.of(4, 99));
        assertThat(a).isEqualTo(b);
    }

    @Test
    void moreRestartsNeverEndWithHigherInertia() {
        Blobs blobs = Blobs.around(new double[][] {{0, 0}, {2, 0}, {0, 2}, {2, 2}, {1, 1}}, 40, 0.8, 11);
        for (long seed = 0; seed < 5; seed++) {
            KMeansModel one = KMeans.fit(blobs.points, new KMeans.Config(5, 1, 300, 1e-4, seed));
            KMeansModel ten = KMeans.fit(blobs.points, new KMeans.Config(5, 10, 300, 1e-4, seed));
            assertThat(ten.inertia()).isLessThanOrEqualTo(one.inertia());
        }
    }

    @Test
    void everyClusterKeepsAPointWhenTheDataHasOnlyKDistinctPoints() {
        double[][] points = {{0}, {0}, {0}, {0}, {5}, {5}, {9}};
        for (long seed = 0; seed < 20; seed++) {
            KMeansModel model = KMeans.fit(points, new KMeans.Config(3, 1, 100, 1e-4, seed));
            assertThat(model.clusterSizes(points)).doesNotContain(0);
            assertThat(model.inertia()).isZero();
        }
    }

    @Test
    void oneClusterIsTheMean() {
        double[][] points = {{1, 2}, {3, 4}, {5, 9}};
        KMeansModel model = KMeans.fit(points, KMeans.Config.of(1, 1));
        assertThat(model.centroid(0)).containsExactly(3, 5);
    }

    @Test
    void rejectsFewerPointsThanClustersAndRaggedPoints() {
        assertThatThrownBy(() -> KMeans.fit(new double[][] {{1}, {2}}, KMeans.Config.of(3, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KMeans.fit(new double[][] {{1, 2}, {2}}, KMeans.Config.of(1, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KMeans.Config.of(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
