package io.segmenter.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.segmenter.features.FeatureVector;
import io.segmenter.features.OfflineFeatureReplay;
import io.segmenter.features.ReplayEvent;
import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.features.dataset.DatasetFormat;
import io.segmenter.features.dataset.DatasetReplay;
import io.segmenter.features.dataset.DatasetSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The statistical core on the larger copies in {@code ../shared/data} (skipped where absent):
 * segments on the full Taobao and REES46 samples, and the fraud hand rules on the labelled
 * Fraud_Data rows replayed on their own. Figures go to the log and to {@code target/trainer-reports/};
 * only facts that must hold are asserted.
 */
class SharedDataSmokeTest {

    private static final Logger log = LoggerFactory.getLogger(SharedDataSmokeTest.class);
    /** {@code <repo root>/../shared/data}: the module runs in {@code <repo root>/model-trainer}. */
    private static final Path DATA = Path.of("").toAbsolutePath().getParent().resolveSibling("shared").resolve("data");
    private static final long SEED = 20_240_304L;

    @Test
    void segmentsTheSharedTaobaoSample() throws IOException {
        Path file = DATA.resolve("taobao-userbehavior/UserBehavior_head.csv");
        assumeTrue(Files.isReadable(file), "shared Taobao sample not present");
        segments("taobao-shared.txt", "Taobao shared sample (815 users, 9 days)", file, DatasetFormat.TAOBAO,
                Duration.ofDays(3));
    }

    @Test
    void segmentsTheSharedRees46Sample() throws IOException {
        Path file = DATA.resolve("rees46-ecommerce-behavior/2019-Oct_head.csv");
        assumeTrue(Files.isReadable(file), "shared REES46 sample not present");
        segments("rees46-shared.txt", "REES46 shared sample (4,504 users, 3 hours)", file, DatasetFormat.REES46,
                Duration.ofMinutes(90));
    }

    private static void segments(String reportName, String title, Path file, DatasetFormat format, Duration horizon)
            throws IOException {
        List<ReplayEvent> events = SegmentPipeline.load(file, format);
        SegmentPipeline.Result r = SegmentPipeline.run(events, horizon, 2, 8, SEED);
        String report = r.report(title + ", seed " + SEED);
        log.info("\n{}", report);
        Reports.write(reportName, report);

        assertThat(r.k()).isBetween(2, 8);
        assertThat(new HashSet<>(r.profiles().stream().map(SegmentProfile::name).toList())).hasSize(r.k());
        // at least as good: a test split that holds one segment only makes both perfect
        assertThat(r.naiveBayes().macroF1()).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(r.majority().macroF1());
    }

    @Test
    void reportsTheFraudHandRulesOnTheSharedFraudData() throws IOException {
        Path file = DATA.resolve("ecommerce-fraud/fraud_data_first30k.csv");
        assumeTrue(Files.isReadable(file), "shared Fraud_Data sample not present");
        long start = System.nanoTime();
        List<DatasetEvent> events = DatasetReplay.sorted(DatasetSource.file(file, DatasetFormat.FRAUD_DATA)).events();
        Map<String, Boolean> fraudByEventId = new HashMap<>();
        for (DatasetEvent e : events) {
            e.label().ifPresent(label -> fraudByEventId.put(e.eventId(), label == 1));
        }
        List<FeatureVector> vectors = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        OfflineFeatureReplay replay = OfflineFeatureReplay.builder().onPurchase((p, v) -> {
            Boolean fraud = fraudByEventId.get(p.getEventId());
            if (fraud != null) {
                vectors.add(v);
                labels.add(fraud);
            }
        }).build();
        replay.replay(events.stream().map(DatasetEvent::toReplayEvent).toList());
        boolean[] fraud = new boolean[labels.size()];
        for (int i = 0; i < fraud.length; i++) {
            fraud[i] = labels.get(i);
        }

        List<FraudHandRules.RuleResult> results = FraudHandRules.evaluate(vectors, fraud);
        StringBuilder sb = new StringBuilder("Fraud_Data shared sample, hand rules on causal features\n");
        long positives = labels.stream().filter(b -> b).count();
        sb.append(String.format(Locale.ROOT, "purchases %d, fraud %d (%.2f%%), rejected %s%n", fraud.length, positives,
                100.0 * positives / fraud.length, replay.rejectionCounts()));
        for (FraudHandRules.RuleResult r : results) {
            sb.append(String.format(Locale.ROOT, "  %-40s precision %.3f recall %.3f (flagged %d)%n", r.rule().name(),
                    r.precision(), r.recall(), r.outcome().flagged()));
        }
        sb.append(String.format(Locale.ROOT, "elapsed %d ms%n", (System.nanoTime() - start) / 1_000_000));
        log.info("\n{}", sb);
        Reports.write("fraud-hand-rules-shared.txt", sb.toString());

        assertThat(fraud.length).isGreaterThan(29_000);
        assertThat(results).allMatch(r -> r.precision() >= 0 && r.precision() <= 1 && r.recall() >= 0 && r.recall() <= 1);
        // the data's known signal: every purchase within a minute of sign-up is fraud
        assertThat(results.get(0).precision()).isEqualTo(1.0);
    }
}
