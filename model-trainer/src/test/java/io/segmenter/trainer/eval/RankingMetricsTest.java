package io.segmenter.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.segmenter.trainer.Metrics;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

    private static final boolean T = true;
    private static final boolean F = false;

    @Test
    void rocAucAndAveragePrecisionOfRowsMatchMetricsOnTheCopiedRows() {
        Random random = new Random(3);
        int n = 300;
        double[] scores = new double[n];
        boolean[] positive = new boolean[n];
        for (int i = 0; i < n; i++) {
            scores[i] = Math.round(random.nextDouble() * 20) / 20.0; // many ties
            positive[i] = random.nextDouble() < 0.2 + 0.5 * scores[i];
        }
        RankingMetrics metrics = RankingMetrics.of(scores, positive);
        for (int trial = 0; trial < 20; trial++) {
            int[] rows = random.ints(n + trial * 7L, 0, n).toArray();
            double[] s = new double[rows.length];
            boolean[] y = new boolean[rows.length];
            for (int t = 0; t < rows.length; t++) {
                s[t] = scores[rows[t]];
                y[t] = positive[rows[t]];
            }
            assertThat(metrics.rocAuc(rows)).isCloseTo(Metrics.rocAuc(s, y), within(1e-12));
            assertThat(metrics.averagePrecision(rows)).isCloseTo(Metrics.averagePrecision(s, y), within(1e-12));
        }
        assertThat(metrics.rocAuc(Checks.allRows(n))).isCloseTo(metrics.rocAuc(), within(1e-12));
    }

    @Test
    void rocAucOfRowsCountsRepeatsAsCopies() {
        // rows 0 (+, 0.9), 1 (-, 0.5), 2 (+, 0.1): with row 2 twice, pairs (0>1) and twice (2<1): 1 of 3
        RankingMetrics metrics = RankingMetrics.of(new double[] {0.9, 0.5, 0.1}, new boolean[] {T, F, T});

        assertThat(metrics.rocAuc(new int[] {0, 1, 2, 2})).isCloseTo(1 / 3.0, within(1e-15));
        assertThat(metrics.rocAuc()).isEqualTo(0.5);
    }

    @Test
    void figuresAreNaNWhenAClassIsMissing() {
        RankingMetrics onlyNegatives = RankingMetrics.of(new double[] {0.1, 0.2}, new boolean[] {F, F});
        RankingMetrics mixed = RankingMetrics.of(new double[] {0.1, 0.2}, new boolean[] {F, T});

        assertThat(onlyNegatives.rocAuc()).isNaN();
        assertThat(onlyNegatives.averagePrecision()).isNaN();
        assertThat(onlyNegatives.topDecileLift()).isNaN();
        assertThat(mixed.rocAuc(new int[] {1, 1})).isNaN();
        assertThat(mixed.averagePrecision(new int[] {1, 1})).isEqualTo(1.0);
        assertThat(mixed.averagePrecision(new int[] {0})).isNaN();
        assertThat(mixed.topDecileLift(new int[] {0, 0})).isNaN();
    }

    @Test
    void topDecileLiftIsTheTopTenthsPositiveRateOverTheBaseRate() {
        // 20 rows, score = index: the top 2 are rows 19 and 18; positives 19, 15, 3, 0 -> 1/2 over 4/20
        double[] scores = new double[20];
        boolean[] positive = new boolean[20];
        for (int i = 0; i < 20; i++) {
            scores[i] = i;
        }
        positive[19] = positive[15] = positive[3] = positive[0] = true;

        assertThat(RankingMetrics.of(scores, positive).topDecileLift()).isCloseTo(0.5 / 0.2, within(1e-12));
    }

    @Test
    void topDecileTakesTheCeilingOfATenthOfTheRows() {
        // 11 rows: the top 2 (scores 10 and 9), one positive of them; 2 positives in all -> 1/2 over 2/11
        double[] scores = new double[11];
        boolean[] positive = new boolean[11];
        for (int i = 0; i < 11; i++) {
            scores[i] = i;
        }
        positive[9] = positive[0] = true;

        assertThat(RankingMetrics.of(scores, positive).topDecileLift()).isCloseTo(0.5 / (2 / 11.0), within(1e-12));
    }

    @Test
    void tiesAtTheCutGoToTheLowerRowIndex() {
        double[] flat = new double[10];
        boolean[] firstPositive = new boolean[10];
        firstPositive[0] = true;
        boolean[] lastPositive = new boolean[10];
        lastPositive[9] = true;

        assertThat(RankingMetrics.of(flat, firstPositive).topDecileLift()).isCloseTo(10.0, within(1e-12));
        assertThat(RankingMetrics.of(flat, lastPositive).topDecileLift()).isZero();
    }

    @Test
    void topDecileLiftOfRowsRanksRepeatsTogether() {
        // rows 0 (0.9, -) x3 and 1 (0.5, +) x8: 11 rows, top 2 are both copies of row 0 -> lift 0
        RankingMetrics metrics = RankingMetrics.of(new double[] {0.9, 0.5}, new boolean[] {F, T});
        int[] rows = {1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1};

        assertThat(metrics.topDecileLift(rows)).isZero();
        // row 1 x9, row 0 x1: the top 1 is row 0 -> lift 0; drop row 0 -> every row positive -> lift 1
        assertThat(metrics.topDecileLift(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1})).isEqualTo(1.0);
    }

    @Test
    void rejectsBadInputWithTheReason() {
        assertThatThrownBy(() -> RankingMetrics.of(new double[] {1, 2}, new boolean[] {T}))
                .hasMessage("2 scores but 1 outcomes");
        assertThatThrownBy(() -> RankingMetrics.of(new double[] {}, new boolean[] {})).hasMessage("no rows");
        assertThatThrownBy(() -> RankingMetrics.of(new double[] {1, Double.NaN}, new boolean[] {T, F}))
                .hasMessage("score 1 is NaN (must be finite)");
        RankingMetrics metrics = RankingMetrics.of(new double[] {1, 2}, new boolean[] {T, F});
        assertThatThrownBy(() -> metrics.rocAuc(new int[] {0, 2})).hasMessage("row 2 is outside 0..1");
        assertThatThrownBy(() -> metrics.topDecileLift(new int[] {})).hasMessage("no rows");
    }
}
