package io.segmenter.trainer.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.segmenter.features.FeatureVector;
import io.segmenter.features.dataset.DatasetFormat;
import io.segmenter.features.dataset.DatasetReplay;
import io.segmenter.features.dataset.DatasetSource;
import io.segmenter.model.ModelBundle;
import io.segmenter.trainer.UserSplit;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The full-data measurement on {@code ../shared/data/ecommerce-fraud} (skipped where absent): the
 * 30,189 labelled Fraud_Data purchases replayed on their own, causal features only; trained on three
 * quarters of the users with the default options, measured on the rest beside the hand rules.
 *
 * <p>The target, precision 0.90 at recall 0.58, is not reachable with causal features on
 * this file: the test also prints the best recall at precision 0.90 that any choice of cells of
 * (account age band x device reuse x IP reuse [x hour]) reaches when chosen on the held-out rows'
 * own labels, an optimistic ceiling for what these features can tell apart.
 */
class FraudSharedDataTest {

    private static final Logger log = LoggerFactory.getLogger(FraudSharedDataTest.class);
    /** {@code <repo root>/../shared/data}: the module runs in {@code <repo root>/model-trainer}. */
    private static final Path DATA = Path.of("").toAbsolutePath().getParent().resolveSibling("shared").resolve("data");
    private static final long SEED = 20_240_304L;
    private static final double TARGET_RECALL = 0.58;

    @Test
    @Timeout(300)
    void measuresTheModelOnHeldOutUsersOfTheSharedFraudData() throws IOException {
        Path file = DATA.resolve("ecommerce-fraud/fraud_data_first30k.csv");
        assumeTrue(Files.isReadable(file), "shared Fraud_Data sample not present");
        long start = System.nanoTime();
        FraudSamples all = FraudSamples.from(
                DatasetReplay.sorted(DatasetSource.file(file, DatasetFormat.FRAUD_DATA)).events());
        FraudSamples.Split split = all.split(new UserSplit(SEED, 0.25));
        FraudTrainingOptions options = FraudTrainingOptions.defaults(SEED);
        long replayed = System.nanoTime();

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        FraudModel model = FraudTrainer.train(split.train(), options, (epoch, loss) -> { });
        long trainingCpu = threads.getCurrentThreadCpuTime() - cpuBefore;
        long trained = System.nanoTime();
        ModelBundle bundle = FraudBundles.bundle(model);
        FraudReport report = FraudEvaluation.evaluate(bundle, split.test());

        FraudSamples test = split.test().labelled();
        double coarse = ceiling(test, v -> List.of(ageBand(v), Math.min(3.0, v.get("device_users_24h")),
                Math.min(3.0, v.get("ip_users_24h"))), options.targetPrecision());
        double fine = ceiling(test, v -> List.of(ageBand(v), Math.min(3.0, v.get("device_users_24h")),
                Math.min(3.0, v.get("ip_users_24h")), v.get("hour_of_day")), options.targetPrecision());
        String text = String.format(Locale.ROOT, "shared Fraud_Data (%s), %,d purchases, held-out users (split seed %d,"
                + " training seed %d)%nreplay %.1f s, training %.1f s (CPU %.1f s)%nthreshold rule: %s%n%s"
                + "target precision %.2f at recall %.2f: %s (recall %.4f, %+.4f)%n"
                + "ceiling, best recall at precision %.2f from cells chosen on the held-out labels themselves:"
                + " age x device x IP %.4f, x hour %.4f%ntraining metrics %s%n",
                file.getFileName(), all.size(), SEED, SEED, (replayed - start) / 1e9, (trained - replayed) / 1e9,
                trainingCpu / 1e9,
                model.thresholdRule(), report.summary(), options.targetPrecision(), TARGET_RECALL,
                report.meets(options.targetPrecision(), TARGET_RECALL) ? "met" : "NOT met", report.recall(),
                report.recall() - TARGET_RECALL, options.targetPrecision(), coarse, fine, model.metrics());
        log.info("\n{}", text);
        FraudBundledSampleTest.write("fraud-shared-data.txt", text);

        assertThat(all.size()).isGreaterThan(29_000);
        // CPU time of the training thread (DL4J computes on it with OMP_NUM_THREADS=1): what the 2-minute
        // budget is about, and unlike wall time not inflated by whatever else the machine runs
        assertThat(Duration.ofNanos(trainingCpu)).as("training CPU time").isLessThan(Duration.ofMinutes(2));
        // at the bundle's threshold: the precision it was chosen for, and at least the recall of the best
        // hand rule that reaches that precision
        assertThat(report.precision()).as(text).isGreaterThanOrEqualTo(options.targetPrecision());
        double bestRuleRecall = report.handRules().stream().map(FraudReport.RuleComparison::rule)
                .filter(r -> r.precision() >= options.targetPrecision())
                .max(Comparator.comparingDouble(r -> r.recall())).orElseThrow().recall();
        assertThat(report.recall()).as(text).isGreaterThanOrEqualTo(bestRuleRecall);
        // the rules below precision 1 are beaten along the curve (the one of precision 1 only when no
        // legitimate purchase scores among its frauds, which the file decides, not the model)
        assertThat(report.handRules()).filteredOn(c -> c.rule().precision() < 1).as(text)
                .allMatch(FraudReport.RuleComparison::modelBeatsRule);
        // the gap to the target is the data's: even an in-sample choice of cells stays below it
        assertThat(fine).as(text).isLessThan(TARGET_RECALL);
    }

    /** Under a minute, up to an hour, up to a day, a week, 30 days, 60 days, more. */
    private static double ageBand(FeatureVector v) {
        double hours = v.get("account_age_hours");
        double[] bounds = {1.0 / 60, 1, 24, 24 * 7, 24 * 30, 24 * 60};
        int band = 0;
        while (band < bounds.length && hours >= bounds[band]) {
            band++;
        }
        return band;
    }

    /**
     * The highest recall at precision at least {@code precision} of any union of cells, the cells
     * taken in falling order of their fraud share on these very rows.
     */
    private static double ceiling(FraudSamples rows, Function<FeatureVector, List<Double>> cellOf, double precision) {
        Map<List<Double>, long[]> cells = new HashMap<>();
        long frauds = 0;
        for (FraudSample s : rows.samples()) {
            long[] counts = cells.computeIfAbsent(cellOf.apply(s.vector()), k -> new long[2]);
            counts[0]++;
            if (s.isFraud()) {
                counts[1]++;
                frauds++;
            }
        }
        List<long[]> ordered = new ArrayList<>(cells.values());
        ordered.sort(Comparator.comparingDouble(c -> -(double) c[1] / c[0]));
        long flagged = 0;
        long caught = 0;
        double best = 0;
        for (long[] c : ordered) {
            flagged += c[0];
            caught += c[1];
            if ((double) caught / flagged >= precision) {
                best = Math.max(best, (double) caught / frauds);
            }
        }
        return best;
    }
}
