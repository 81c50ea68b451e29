package io.segmenter.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SegmentCountSelectorTest {

    @Test
    void choosesThreeForThreeWellSeparatedBlobs() {
        Blobs blobs = Blobs.three(21);
        SegmentCountSelector.Selection selection = SegmentCountSelector.select(blobs.points,
                SegmentCountSelector.Config.of(2, 6, 5));

        assertThat(selection.k()).isEqualTo(3);
        assertThat(selection.model().k()).isEqualTo(3);
        assertThat(selection.noneEligible()).isFalse();
        assertThat(selection.candidates()).extracting(SegmentCountSelector.Candidate::k).containsExactly(2, 3, 4, 5, 6);
        assertThat(selection.chosen().silhouette()).isGreaterThan(0.7);
        assertThat(selection.sampleSize()).isEqualTo(300);
    }

    @Test
    void sameSeedGivesTheSameSelection() {
        Blobs blobs = Blobs.around(new double[][] {{0, 0}, {4, 0}, {0, 4}, {4, 4}}, 80, 1.5, 8);
        SegmentCountSelector.Config config = SegmentCountSelector.Config.of(2, 7, 123);
        SegmentCountSelector.Selection a = SegmentCountSelector.select(blobs.points, config);
        SegmentCountSelector.Selection b = SegmentCountSelector.select(blobs.points, config);

        assertThat(a).isEqualTo(b);
    }

    @Test
    void scoresOnASampleOfAtMostTheConfiguredSize() {
        Blobs blobs = Blobs.around(Blobs.THREE_CENTRES, 400, 1.0, 2);
        SegmentCountSelector.Config config = new SegmentCountSelector.Config(2, 4, 500, 0.02,
                KMeans.Config.of(2, 9));
        SegmentCountSelector.Selection selection = SegmentCountSelector.select(blobs.points, config);

        assertThat(selection.sampleSize()).isEqualTo(500);
        assertThat(selection.k()).isEqualTo(3);
    }

    /** Three blobs plus three users 20 away from everyone: alone, they would make k = 4 score best. */
    private static double[][] blobsWithThreeOutliers() {
        Blobs blobs = Blobs.three(4);
        double[][] points = Arrays.copyOf(blobs.points, blobs.points.length + 3);
        points[points.length - 3] = new double[] {0, 0, 20};
        points[points.length - 2] = new double[] {0.5, 0, 20};
        points[points.length - 1] = new double[] {0, 0.5, 20};
        return points;
    }

    @Test
    void doesNotChooseAKThatGivesAFewOutliersTheirOwnSegment() {
        double[][] points = blobsWithThreeOutliers();
        SegmentCountSelector.Config config = SegmentCountSelector.Config.of(2, 5, 5);

        assertThat(SegmentCountSelector.select(points, config.withMinSegmentShare(0)).k()).isEqualTo(4);
        SegmentCountSelector.Selection selection = SegmentCountSelector.select(points, config.withMinSegmentShare(0.05));

        assertThat(selection.k()).isEqualTo(3);
        SegmentCountSelector.Candidate four = selection.candidates().get(2);
        assertThat(four.k()).isEqualTo(4);
        assertThat(four.smallestSegment()).isEqualTo(3);
        assertThat(four.eligible()).isFalse();
        assertThat(four.silhouette()).isGreaterThan(selection.chosen().silhouette());
    }

    @Test
    void takesTheBestScoreAndSaysSoWhenNoKIsEligible() {
        double[][] points = blobsWithThreeOutliers();
        SegmentCountSelector.Selection selection = SegmentCountSelector.select(points,
                SegmentCountSelector.Config.of(2, 5, 5).withMinSegmentShare(0.5));

        assertThat(selection.noneEligible()).isTrue();
        assertThat(selection.candidates()).noneMatch(SegmentCountSelector.Candidate::eligible);
        assertThat(selection.k()).isEqualTo(4);
    }

    @Test
    void sampleIndicesAreDistinctSortedAndSeeded() {
        int[] a = SegmentCountSelector.sampleIndices(1_000, 50, 77);
        assertThat(a).hasSize(50).isSorted().doesNotHaveDuplicates();
        assertThat(a[0]).isNotNegative();
        assertThat(a[a.length - 1]).isLessThan(1_000);
        assertThat(SegmentCountSelector.sampleIndices(1_000, 50, 77)).isEqualTo(a);
        assertThat(SegmentCountSelector.sampleIndices(1_000, 50, 78)).isNotEqualTo(a);
    }
}
