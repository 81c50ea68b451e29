package io.segmenter.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.segmenter.features.dataset.DatasetFormat;
import io.segmenter.features.dataset.DatasetSource;
import io.segmenter.trainer.data.TrainingData;
import io.segmenter.trainer.fraud.FraudReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} on two tiny files whose answers are known by construction: four Taobao users over
 * four days (two of them buy after the cut) and six labelled Fraud_Data purchases (three fraud, two
 * of them within a minute of sign-up, no device or IP shared).
 */
class EvaluateKnownAnswersTest {

    /** Monday 2017-11-27 00:00 UTC. */
    private static final long DAY0 = Instant.parse("2017-11-27T00:00:00Z").getEpochSecond();
    private static final long H = 3600;
    private static final long D = 24 * H;

    @TempDir
    Path dir;

    @Test
    void measuresTheFutureTheStabilityAndTheFraudOfKnownUsersAndPurchases() throws Exception {
        Path clicks = Files.writeString(dir.resolve("tiny-taobao.csv"), String.join("\n",
                // u1 buys on three days before the cut and again after it
                row(1, "pv", DAY0 + H), row(1, "buy", DAY0 + 2 * H), row(1, "buy", DAY0 + D + 3 * H),
                row(1, "buy", DAY0 + 2 * D + 4 * H), row(1, "buy", DAY0 + 3 * D + H),
                // u2 only browses, also after the cut (its view is the last event of the file)
                row(2, "pv", DAY0 + 3 * H), row(2, "pv", DAY0 + D + 5 * H), row(2, "pv", DAY0 + 2 * D + 6 * H),
                row(2, "pv", DAY0 + 3 * D + 20 * H),
                // u3 browses before the cut and buys after it
                row(3, "pv", DAY0 + 4 * H), row(3, "cart", DAY0 + 2 * D + 7 * H), row(3, "buy", DAY0 + 3 * D + 2 * H),
                // u4 bought once before the cut, nothing after
                row(4, "pv", DAY0 + 5 * H), row(4, "buy", DAY0 + 2 * D + 8 * H)) + "\n");
        Path fraud = Files.writeString(dir.resolve("tiny-fraud.csv"), String.join("\r\n",
                "user_id,signup_time,purchase_time,purchase_value,device_id,source,browser,sex,age,ip_address,class",
                "11,3/1/2015 10:00,3/1/2015 10:00,40,AAAAAAAAAAAAA,Ads,Chrome,M,30,1000001,1",
                "12,3/2/2015 11:00,3/2/2015 11:00,41,BBBBBBBBBBBBB,Ads,Chrome,M,31,1000002,1",
                "13,3/1/2015 9:00,3/3/2015 12:00,42,CCCCCCCCCCCCC,SEO,Safari,F,32,1000003,1",
                "14,1/1/2015 8:00,3/4/2015 13:00,43,DDDDDDDDDDDDD,SEO,Safari,F,33,1000004,0",
                "15,1/2/2015 8:00,3/5/2015 14:00,44,EEEEEEEEEEEEE,Direct,IE,M,34,1000005,0",
                "16,1/3/2015 8:00,3/6/2015 15:00,45,FFFFFFFFFFFFF,Direct,IE,F,35,1000006,0") + "\r\n");
        TrainingData data = TrainingData.load(List.of(
                DatasetSource.file(clicks, DatasetFormat.TAOBAO).withIdPrefix("tb-"),
                DatasetSource.file(fraud, DatasetFormat.FRAUD_DATA).withIdPrefix("fd-")));
        Trainer.Run run = TrainedSample.run();

        Evaluator.Result r = Evaluator.evaluate(run.bundle(), Optional.of(run.baseline()), data,
                new Evaluator.Options(Duration.ofDays(1), 6, Optional.empty()));

        SegmentEvaluation.Result segments = r.segments().orElseThrow();
        assertThat(segments.users()).isEqualTo(4);
        SegmentEvaluation.SourceSummary source = segments.sources().get(0);
        assertThat(source.cut()).isEqualTo(Instant.ofEpochSecond(DAY0 + 2 * D + 20 * H));
        assertThat(source.horizon()).isEqualTo(Duration.ofDays(1));
        // two of the four buy in the day after the cut, whatever segments they are in
        double buyers = segments.outcomes().segments().stream()
                .mapToDouble(row -> row.users() == 0 ? 0 : row.users() * row.purchaseRate()).sum();
        assertThat(buyers).isCloseTo(2.0, within(1e-9));
        double orders = segments.outcomes().segments().stream()
                .mapToDouble(row -> row.users() == 0 ? 0 : row.users() * row.meanOrders()).sum();
        assertThat(orders).isCloseTo(2.0, within(1e-9));
        assertThat(java.util.Arrays.stream(segments.predictedSizes()).sum()).isEqualTo(4);
        // daily cuts at day 0 20:00 and day 1 20:00 before the main one; all four users exist at each
        assertThat(segments.stability()).extracting(SegmentEvaluation.StabilityStep::users).containsExactly(4L, 4L);
        SegmentEvaluation.LabelComparison labels = segments.labels().orElseThrow();
        assertThat(labels.dl4j().total()).isEqualTo(4);
        assertThat(labels.naiveBayes().total()).isEqualTo(4);
        assertThat(labels.majority().total()).isEqualTo(4);

        FraudReport f = r.fraud().orElseThrow();
        assertThat(f.purchases()).isEqualTo(6);
        assertThat(f.frauds()).isEqualTo(3);
        FraudReport.RuleComparison signup = f.handRules().get(0);
        assertThat(signup.rule().rule().name()).isEqualTo("signup-within-1m");
        assertThat(signup.rule().outcome()).isEqualTo(new BinaryOutcome(2, 0, 1, 3));
        FraudReport.RuleComparison device = f.handRules().get(1);
        assertThat(device.rule().outcome().flagged()).as("no device is shared").isZero();
        assertThat(f.atThreshold().positives()).isEqualTo(3);
        assertThat(f.atThreshold().negatives()).isEqualTo(3);
    }

    @Test
    void evaluatesOnlyTheHeldOutUsersOfASplitWhenAsked() throws Exception {
        Trainer.Run run = TrainedSample.run();
        UserSplit split = new UserSplit(TrainedSample.SEED, 0.3);
        Evaluator.Result r = Evaluator.evaluate(run.bundle(), Optional.of(run.baseline()), TrainedSample.data(),
                new Evaluator.Options(Duration.ofDays(1), 6, Optional.of(split)));

        assertThat(r.segments().orElseThrow().users()).isEqualTo(run.segments().testUsers().size());
        assertThat(r.segments().orElseThrow().labels().orElseThrow().dl4j())
                .isEqualTo(run.segmentHeldOut().labels().orElseThrow().dl4j());
        assertThat(r.fraud().orElseThrow().prAuc()).isEqualTo(run.fraudHeldOut().orElseThrow().prAuc());
    }

    private static String row(int user, String behaviour, long epochSeconds) {
        return user + ",100" + user + ",7," + behaviour + "," + epochSeconds;
    }
}
