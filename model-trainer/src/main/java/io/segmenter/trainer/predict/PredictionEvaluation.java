package io.segmenter.trainer.predict;

import io.segmenter.trainer.eval.Bootstrap;
import io.segmenter.trainer.eval.Clusters;
import io.segmenter.trainer.eval.CountMetrics;
import io.segmenter.trainer.eval.Interval;
import io.segmenter.trainer.eval.ProbabilityMetrics;
import io.segmenter.trainer.eval.RankingMetrics;
import io.segmenter.trainer.eval.ReliabilityBin;
import io.segmenter.trainer.predict.OutcomeRow.CutKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every model's predictions measured on the same test rows, per kind of cut, each figure with a
 * bootstrap 95% interval over users (a user's rows at all cuts are drawn together), and the
 * network's paired difference to each baseline on the same resamples.
 */
public final class PredictionEvaluation {

    private PredictionEvaluation() {
    }

    /**
     * A binary head's figures.
     *
     * @param rows        rows with the label observed
     * @param positives   of them positive
     * @param rocAuc      ROC-AUC
     * @param prAuc       average precision
     * @param lift        top-decile lift
     * @param brier       Brier score; empty when the model gives a ranking, not a probability
     * @param ece         expected calibration error (10 bins); empty likewise
     * @param reliability the reliability table; empty likewise
     */
    public record Binary(int rows, int positives, Interval rocAuc, Interval prAuc, Interval lift, Optional<Interval> brier,
            Optional<Interval> ece, List<ReliabilityBin> reliability) {
    }

    /**
     * The count head's figures.
     *
     * @param rows         rows
     * @param rmse         root mean squared error of expected vs actual orders
     * @param mae          mean absolute error
     * @param sumPredicted orders predicted in all
     * @param sumActual    orders in all
     * @param anyLift      top-decile lift of "at least one order", ranked by the expected count
     */
    public record Count(int rows, Interval rmse, Interval mae, double sumPredicted, double sumActual, Interval anyLift) {
    }

    /** One model's figures; a head the model does not have is empty. */
    public record ModelFigures(String model, String note, Optional<Binary> purchase, Optional<Count> purchases,
            Optional<Binary> churn) {
    }

    /**
     * The network against one baseline on the same resamples: a difference whose interval excludes 0
     * is a difference the data shows.
     *
     * @param figure     what is compared ({@code purchase ROC-AUC}, {@code orders RMSE}, ...)
     * @param baseline   the baseline's name
     * @param difference network minus baseline
     */
    public record Comparison(String figure, String baseline, Interval difference) {
    }

    /**
     * One kind of cut's results.
     *
     * @param kind        the cuts
     * @param rows        test rows
     * @param users       distinct users among them
     * @param models      every model, the network first
     * @param comparisons the network against each baseline
     */
    public record KindResult(CutKind kind, int rows, int users, List<ModelFigures> models, List<Comparison> comparisons) {
    }

    /**
     * Measures {@code predictions} (the network's first) on the rows of {@code test} of {@code kind}.
     *
     * @param churnKnown whether each row of {@code test} has its churn period observed
     */
    public static Optional<KindResult> evaluate(CutKind kind, Design test, boolean[] churnKnown, List<Predictions> predictions,
            Bootstrap bootstrap) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            if (test.rows().get(i).kind() == kind) {
                idx.add(i);
            }
        }
        if (idx.isEmpty()) {
            return Optional.empty();
        }
        int[] rows = idx.stream().mapToInt(Integer::intValue).toArray();
        List<String> users = new ArrayList<>();
        boolean[] purchased = new boolean[rows.length];
        double[] orders = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            OutcomeRow r = test.rows().get(rows[k]);
            users.add(r.userId());
            purchased[k] = r.purchased();
            orders[k] = r.purchases();
        }
        Clusters clusters = Clusters.of(users);
        int[] churnRows = idx.stream().mapToInt(Integer::intValue).filter(i -> churnKnown[i]).toArray();
        List<String> churnUsers = new ArrayList<>();
        boolean[] churned = new boolean[churnRows.length];
        for (int k = 0; k < churnRows.length; k++) {
            churnUsers.add(test.rows().get(churnRows[k]).userId());
            churned[k] = test.rows().get(churnRows[k]).churned();
        }
        Clusters churnClusters = churnRows.length == 0 ? null : Clusters.of(churnUsers);

        boolean churnMeasurable = churnClusters != null && Predictions.bothClasses(churned);
        List<ModelFigures> figures = new ArrayList<>();
        List<Object[]> statistics = new ArrayList<>();
        for (Predictions p : predictions) {
            Optional<Binary> purchase = p.purchase() == null ? Optional.empty()
                    : Optional.of(binary(pick(p.purchase(), rows), purchased, p.purchaseIsProbability(), clusters, bootstrap));
            Optional<Count> count = p.purchases() == null ? Optional.empty()
                    : Optional.of(count(pick(p.purchases(), rows), orders, clusters, bootstrap));
            Optional<Binary> churn = p.churn() == null || !churnMeasurable ? Optional.empty()
                    : Optional.of(binary(pick(p.churn(), churnRows), churned, p.churnIsProbability(), churnClusters,
                    bootstrap));
            figures.add(new ModelFigures(p.model(), p.note(), purchase, count, churn));
            statistics.add(new Object[] {
                p.purchase() == null ? null : RankingMetrics.of(pick(p.purchase(), rows), purchased),
                p.purchases() == null ? null : CountMetrics.of(pick(p.purchases(), rows), orders),
                p.churn() == null || !churnMeasurable ? null
                        : RankingMetrics.of(pick(p.churn(), churnRows), churned)});
        }
        List<Comparison> comparisons = new ArrayList<>();
        Object[] net = statistics.get(0);
        for (int m = 1; m < predictions.size(); m++) {
            Object[] other = statistics.get(m);
            String name = predictions.get(m).model();
            if (net[0] != null && other[0] != null) {
                RankingMetrics a = (RankingMetrics) net[0];
                RankingMetrics b = (RankingMetrics) other[0];
                comparisons.add(new Comparison("purchase ROC-AUC", name, bootstrap.difference(clusters, a::rocAuc, b::rocAuc)));
            }
            if (net[1] != null && other[1] != null) {
                CountMetrics a = (CountMetrics) net[1];
                CountMetrics b = (CountMetrics) other[1];
                comparisons.add(new Comparison("orders RMSE", name, bootstrap.difference(clusters, a::rmse, b::rmse)));
            }
            if (net[2] != null && other[2] != null) {
                RankingMetrics a = (RankingMetrics) net[2];
                RankingMetrics b = (RankingMetrics) other[2];
                comparisons.add(new Comparison("churn ROC-AUC", name,
                        bootstrap.difference(churnClusters, a::rocAuc, b::rocAuc)));
            }
        }
        return Optional.of(new KindResult(kind, rows.length, clusters.count(), figures, comparisons));
    }

    private static Binary binary(double[] scores, boolean[] y, boolean probability, Clusters clusters, Bootstrap bootstrap) {
        int positives = 0;
        for (boolean b : y) {
            positives += b ? 1 : 0;
        }
        if (probability) {
            ProbabilityMetrics m = ProbabilityMetrics.of(clip(scores), y);
            return new Binary(y.length, positives, bootstrap.interval(clusters, m::rocAuc),
                    bootstrap.interval(clusters, m::averagePrecision), bootstrap.interval(clusters, m::topDecileLift),
                    Optional.of(bootstrap.interval(clusters, m::brierScore)),
                    Optional.of(bootstrap.interval(clusters, m::expectedCalibrationError)), m.reliability());
        }
        RankingMetrics m = RankingMetrics.of(scores, y);
        return new Binary(y.length, positives, bootstrap.interval(clusters, m::rocAuc),
                bootstrap.interval(clusters, m::averagePrecision), bootstrap.interval(clusters, m::topDecileLift),
                Optional.empty(), Optional.empty(), List.of());
    }

    private static Count count(double[] predicted, double[] actual, Clusters clusters, Bootstrap bootstrap) {
        CountMetrics m = CountMetrics.of(predicted, actual);
        return new Count(actual.length, bootstrap.interval(clusters, m::rmse), bootstrap.interval(clusters, m::mae),
                m.sumPredicted(), m.sumActual(), bootstrap.interval(clusters, m::anyEventLift));
    }

    /** Probabilities a float network rounds to just outside [0, 1] are put back in it. */
    private static double[] clip(double[] p) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Math.min(1, Math.max(0, p[i]));
        }
        return out;
    }

    private static double[] pick(double[] values, int[] rows) {
        double[] out = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            out[k] = values[rows[k]];
        }
        return out;
    }

}
