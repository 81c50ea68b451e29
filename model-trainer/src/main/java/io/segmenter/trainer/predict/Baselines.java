package io.segmenter.trainer.predict;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.model.IsotonicCalibration;
import io.segmenter.model.Standardizer;
import io.segmenter.trainer.GaussianNaiveBayes;
import io.segmenter.trainer.Metrics;
import io.segmenter.trainer.clv.BgNbd;
import io.segmenter.trainer.clv.RepeatSummary;
import io.segmenter.trainer.eval.LogisticRegression;
import io.segmenter.trainer.eval.PoissonRegression;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models the network is measured against, each fitted on the same training rows:
 * <ul>
 *   <li><b>naive Bayes</b> (Gaussian, on standardized features): the seed's model;</li>
 *   <li><b>logistic regression</b> for the two probabilities and <b>Poisson regression</b> for the
 *       count, L2-penalised, on standardized features;</li>
 *   <li><b>the best single feature</b>, chosen per head by its ROC-AUC on the training rows (either
 *       direction) and turned into a probability or an expected count by isotonic regression on them;</li>
 *   <li><b>BG/NBD</b> (Fader, Hardie and Lee 2005), per source, fitted on every user's purchase days
 *       before the source's test start, in days: its conditional expectation of orders in the purchase
 *       period is its count and its purchase ranking; P(alive) ranks churn. A user without an order
 *       yet has no BG/NBD history and is predicted 0 orders.</li>
 * </ul>
 */
public final class Baselines {

    /** Weight decay of the regressions (on standardized inputs). */
    public static final double L2 = 1.0;

    private Baselines() {
    }

    /** The fitted baselines that take feature rows. */
    public record Fitted(Standardizer standardizer, GaussianNaiveBayes purchaseBayes, GaussianNaiveBayes churnBayes,
            LogisticRegression purchaseLogistic, PoissonRegression purchasesPoisson, LogisticRegression churnLogistic,
            SingleFeature purchaseRule, SingleFeature purchasesRule, SingleFeature churnRule) {

        public List<Predictions> predict(Design test) {
            double[][] z = standardizer.transformAll(test.features());
            int n = test.size();
            double[] nbPurchase = new double[n];
            double[] nbChurn = new double[n];
            for (int i = 0; i < n; i++) {
                nbPurchase[i] = purchaseBayes == null ? Double.NaN : purchaseBayes.predictProbabilities(z[i])[1];
                nbChurn[i] = churnBayes == null ? Double.NaN : churnBayes.predictProbabilities(z[i])[1];
            }
            List<Predictions> out = new ArrayList<>();
            out.add(new Predictions("naive Bayes", purchaseBayes == null ? null : nbPurchase, null,
                    churnBayes == null ? null : nbChurn, true, true, ""));
            out.add(Predictions.probabilities("logistic/Poisson regression", purchaseLogistic.predict(z),
                    purchasesPoisson.predict(z), churnLogistic == null ? null : churnLogistic.predict(z)));
            out.add(Predictions.probabilities("best single feature", purchaseRule.apply(test.features()),
                    purchasesRule.apply(test.features()), churnRule == null ? null : churnRule.apply(test.features())));
            return out;
        }

        /** One line naming the rules chosen. */
        public String describeRules() {
            return "purchase: " + purchaseRule.describe() + "; orders: " + purchasesRule.describe()
                    + (churnRule == null ? "" : "; churn: " + churnRule.describe());
        }
    }

    /**
     * One feature as a predictor: its value (negated when {@code descending}), through an isotonic map
     * fitted on the training rows.
     */
    public record SingleFeature(int feature, boolean descending, double trainingAuc, IsotonicCalibration calibration) {

        public double[] apply(double[][] rows) {
            double[] out = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                out[i] = calibration.apply(score(rows[i]));
            }
            return out;
        }

        double score(double[] row) {
            return descending ? -row[feature] : row[feature];
        }

        public String describe() {
            return (descending ? "fewer " : "more ") + FeatureDefinition.SEGMENT.spec(feature).name()
                    + String.format(java.util.Locale.ROOT, " (training ROC-AUC %.3f)", trainingAuc);
        }
    }

    /** Fits every feature-row baseline on the training rows whose labels are known. */
    public static Fitted fit(Design training) {
        Standardizer standardizer = Standardizer.fit(FeatureDefinition.SEGMENT.specs(), training.features());
        double[][] z = standardizer.transformAll(training.features());
        boolean[] pm = training.labels().purchaseMask();
        boolean[] cm = training.labels().churnMask();
        double[][] zp = select(z, pm);
        boolean[] purchased = select(training.labels().purchased(), pm);
        double[] purchases = select(training.labels().purchases(), pm);
        double[][] zc = select(z, cm);
        boolean[] churned = select(training.labels().churned(), cm);
        double[][] xp = select(training.features(), pm);
        double[][] xc = select(training.features(), cm);
        boolean churnFittable = Predictions.bothClasses(churned);
        return new Fitted(standardizer,
                Predictions.bothClasses(purchased) ? GaussianNaiveBayes.fit(zp, classes(purchased), 2) : null,
                churnFittable ? GaussianNaiveBayes.fit(zc, classes(churned), 2) : null,
                LogisticRegression.fit(zp, purchased, L2),
                PoissonRegression.fit(zp, purchases, L2),
                churnFittable ? LogisticRegression.fit(zc, churned, L2) : null,
                bestFeature(xp, purchased, null),
                bestFeature(xp, purchased, purchases),
                churnFittable ? bestFeature(xc, churned, null) : null);
    }

    /**
     * The feature (and direction) with the highest training ROC-AUC for {@code positive}, mapped by
     * isotonic regression to a probability, or to a mean of {@code counts} when given.
     */
    static SingleFeature bestFeature(double[][] x, boolean[] positive, double[] counts) {
        int best = -1;
        boolean bestDescending = false;
        double bestAuc = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < FeatureDefinition.SEGMENT.size(); j++) {
            double[] v = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                v[i] = x[i][j];
            }
            double auc = Metrics.rocAuc(v, positive);
            double oriented = Math.max(auc, 1 - auc);
            if (oriented > bestAuc + 1e-12) {
                bestAuc = oriented;
                best = j;
                bestDescending = auc < 0.5;
            }
        }
        double[] scores = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            scores[i] = bestDescending ? -x[i][best] : x[i][best];
        }
        IsotonicCalibration map = counts == null ? IsotonicCalibration.fitProbabilities(scores, positive)
                : IsotonicCalibration.fitMeans(scores, counts);
        return new SingleFeature(best, bestDescending, bestAuc, map);
    }

    /**
     * BG/NBD per source, fitted on each user's orders before the source's test start (days as the
     * time unit, purchase days in the source's zone), predicting the test rows. A source where it
     * cannot be fitted predicts 0 orders, and the note says why; when no source can be fitted, the
     * predictions hold no head at all (a column of zeros would be read as BG/NBD's figures).
     */
    public static Predictions bgNbd(PredictionData data, Design test) {
        Map<String, Optional<BgNbd>> bySource = new HashMap<>();
        List<String> notes = new ArrayList<>();
        for (PredictionData.Part p : data.sources()) {
            List<RepeatSummary> summaries = new ArrayList<>();
            for (UserTimeline t : p.rows().timelines().values()) {
                summary(t, p.testFrom(), false, p.rows().zone()).ifPresent(summaries::add);
            }
            Optional<BgNbd> model = Optional.empty();
            if (summaries.isEmpty()) {
                notes.add(p.rows().source() + ": no user bought before the test start, BG/NBD predicts 0");
            } else {
                try {
                    BgNbd fitted = BgNbd.fit(summaries);
                    model = Optional.of(fitted);
                    notes.add(String.format(java.util.Locale.ROOT, "%s: r %.3f, alpha %.3f, a %.3f, b %.3f (days) on %,d buyers",
                            p.rows().source(), fitted.r(), fitted.alpha(), fitted.a(), fitted.b(), summaries.size()));
                } catch (IllegalArgumentException | IllegalStateException e) {
                    notes.add(p.rows().source() + ": BG/NBD cannot be fitted (" + e.getMessage() + ")");
                }
            }
            bySource.put(p.rows().source(), model);
        }
        int n = test.size();
        double[] expected = new double[n];
        double[] alive = new double[n];
        double horizonDays = data.targets().purchaseHorizon().toMillis() / (double) DAY.toMillis();
        for (int i = 0; i < n; i++) {
            OutcomeRow r = test.rows().get(i);
            PredictionData.Part p = data.partOf(r);
            Optional<BgNbd> model = bySource.get(r.source());
            Optional<RepeatSummary> s = summary(p.rows().timelines().get(r.userId()), r.cut(), r.cutIncludesItsInstant(),
                    p.rows().zone());
            if (model.isEmpty() || s.isEmpty()) {
                expected[i] = 0;
                alive[i] = 0;
            } else {
                expected[i] = model.get().expectedPurchases(horizonDays, s.get());
                alive[i] = model.get().probabilityAlive(s.get());
            }
        }
        if (bySource.values().stream().allMatch(Optional::isEmpty)) {
            return new Predictions("BG/NBD", null, null, null, false, false,
                    "left out of the tables: " + String.join("; ", notes));
        }
        for (Map.Entry<String, Optional<BgNbd>> e : bySource.entrySet()) {
            if (e.getValue().isEmpty()) {
                notes.add(e.getKey() + ": predicted 0 orders for every user, as BG/NBD could not be fitted there");
            }
        }
        double[] churnScore = new double[n];
        for (int i = 0; i < n; i++) {
            churnScore[i] = 1 - alive[i];
        }
        return new Predictions("BG/NBD", expected, expected, churnScore, false, false, String.join("; ", notes));
    }

    private static final Duration DAY = Duration.ofDays(1);

    private static Optional<RepeatSummary> summary(UserTimeline t, Instant cut, boolean inclusive, java.time.ZoneId zone) {
        List<Instant> purchases = t.purchasesBefore(cut, inclusive);
        if (purchases.isEmpty()) {
            return Optional.empty();
        }
        return RepeatSummary.of(purchases, inclusive ? cut.plusMillis(1) : cut, DAY, zone);
    }


    private static int[] classes(boolean[] y) {
        int[] c = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            c[i] = y[i] ? 1 : 0;
        }
        return c;
    }

    private static double[][] select(double[][] x, boolean[] mask) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (mask[i]) {
                out.add(x[i]);
            }
        }
        return out.toArray(double[][]::new);
    }

    private static boolean[] select(boolean[] x, boolean[] mask) {
        int n = 0;
        for (boolean m : mask) {
            n += m ? 1 : 0;
        }
        boolean[] out = new boolean[n];
        for (int i = 0, k = 0; i < x.length; i++) {
            if (mask[i]) {
                out[k++] = x[i];
            }
        }
        return out;
    }

    private static double[] select(double[] x, boolean[] mask) {
        int n = 0;
        for (boolean m : mask) {
            n += m ? 1 : 0;
        }
        double[] out = new double[n];
        for (int i = 0, k = 0; i < x.length; i++) {
            if (mask[i]) {
                out[k++] = x[i];
            }
        }
        return out;
    }
}
