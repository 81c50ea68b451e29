package io.segmenter.trainer.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class HoldoutEvaluationTest {

    private static CustomerHoldout customer(String id, int holdoutTransactions) {
        return new CustomerHoldout(id, new RepeatSummary(0, 0, 39), holdoutTransactions);
    }

    @Test
    void measuresErrorsAndTotals() {
        List<CustomerHoldout> rows = List.of(customer("1", 0), customer("2", 3), customer("3", 1));

        HoldoutEvaluation e = HoldoutEvaluation.of(rows, new double[] {1, 1, 1});

        // errors 1, -2, 0
        assertThat(e.customers()).isEqualTo(3);
        assertThat(e.rmse()).isCloseTo(Math.sqrt(5.0 / 3), within(1e-12));
        assertThat(e.mae()).isCloseTo(1.0, within(1e-12));
        assertThat(e.totalPredicted()).isEqualTo(3.0);
        assertThat(e.totalActual()).isEqualTo(4);
        assertThat(e.baseBuyerShare()).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void topDecileLiftIsTheBuyerShareOfTheHighestPredictionsOverTheBaseShare() {
        List<CustomerHoldout> rows = new ArrayList<>();
        double[] predicted = new double[20];
        for (int i = 0; i < 20; i++) {
            rows.add(customer("c" + i, i % 4 == 0 ? 2 : 0)); // buyers: 0, 4, 8, 12, 16
            predicted[i] = i;
        }
        predicted[16] = 100; // the top two: 16 (buyer) and 19 (not)

        HoldoutEvaluation e = HoldoutEvaluation.of(rows, predicted);

        assertThat(e.topDecileBuyerShare()).isEqualTo(0.5);
        assertThat(e.baseBuyerShare()).isEqualTo(0.25);
        assertThat(e.topDecileLift()).isEqualTo(2.0);
    }

    @Test
    void breaksTiesInTheTopDecileByRowOrder() {
        List<CustomerHoldout> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(customer("c" + i, i == 0 ? 1 : 0));
        }
        HoldoutEvaluation firstIsBuyer = HoldoutEvaluation.of(rows, new double[10]);
        List<CustomerHoldout> reversed = new ArrayList<>(rows);
        Collections.reverse(reversed);
        HoldoutEvaluation lastIsBuyer = HoldoutEvaluation.of(reversed, new double[10]);

        assertThat(firstIsBuyer.topDecileBuyerShare()).isEqualTo(1.0);
        assertThat(lastIsBuyer.topDecileBuyerShare()).isEqualTo(0.0);
    }

    @Test
    void topDecileHasAtLeastOneCustomer() {
        HoldoutEvaluation e = HoldoutEvaluation.of(List.of(customer("1", 1), customer("2", 0)), new double[] {2, 1});

        assertThat(e.topDecileBuyerShare()).isEqualTo(1.0);
        assertThat(e.topDecileLift()).isEqualTo(2.0);
    }

    @Test
    void liftIsUndefinedWhenNobodyBuys() {
        assertThat(HoldoutEvaluation.of(List.of(customer("1", 0)), new double[] {0.5}).topDecileLift()).isNaN();
    }

    @Test
    void rejectsMismatchedOrInvalidPredictions() {
        List<CustomerHoldout> rows = List.of(customer("1", 0), customer("2", 1));
        assertThatThrownBy(() -> HoldoutEvaluation.of(rows, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 customers, 1 predictions");
        assertThatThrownBy(() -> HoldoutEvaluation.of(rows, new double[] {1, -0.5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("customer 2")
                .hasMessageContaining("finite and >= 0");
        assertThatThrownBy(() -> HoldoutEvaluation.of(rows, new double[] {Double.NaN, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("customer 1");
        assertThatThrownBy(() -> HoldoutEvaluation.of(List.of(), new double[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no customers");
    }
}
