package io.segmenter.trainer.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.model.ModelBundle;
import io.segmenter.trainer.UserSplit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fraud model on the bundled Fraud_Data sample (4,000 labelled first purchases, always in the
 * repository): trained on three quarters of the users with the default options, measured on the
 * rest beside the hand rules. Figures go to the log and {@code target/trainer-reports/}.
 */
class FraudBundledSampleTest {

    private static final Logger log = LoggerFactory.getLogger(FraudBundledSampleTest.class);
    private static final long SEED = 20_240_304L;

    @Test
    void beatsEveryHandRuleOnHeldOutUsersAtThePrecisionTarget() throws IOException {
        FraudSamples.Split split = FraudTrainerTest.bundledFraudSample().split(new UserSplit(SEED, 0.25));
        FraudTrainingOptions options = FraudTrainingOptions.defaults(SEED);

        FraudModel model = FraudTrainer.train(split.train(), options, (epoch, loss) -> { });
        ModelBundle bundle = FraudBundles.bundle(model);
        FraudReport report = FraudEvaluation.evaluate(bundle, split.test());

        String text = String.format(Locale.ROOT, "bundled Fraud_Data sample, held-out users (split seed %d, training"
                + " seed %d)%nthreshold rule: %s%n%s", SEED, SEED, model.thresholdRule(), report.summary());
        log.info("\n{}", text);
        write("fraud-bundled-sample.txt", text);

        // along its precision-recall curve the model finds more fraud than each rule at the rule's precision
        assertThat(report.beatsEveryHandRule()).as(text).isTrue();
        // at the bundle's own threshold: the precision the threshold was chosen for, and at least the
        // recall of the best rule that reaches that precision
        assertThat(report.precision()).as(text).isGreaterThanOrEqualTo(options.targetPrecision());
        double bestRuleRecall = report.handRules().stream().map(FraudReport.RuleComparison::rule)
                .filter(r -> r.precision() >= options.targetPrecision())
                .max(Comparator.comparingDouble(r -> r.recall())).orElseThrow().recall();
        assertThat(report.recall()).as(text).isGreaterThanOrEqualTo(bestRuleRecall);
    }

    static void write(String name, String text) throws IOException {
        Path dir = Path.of("target", "trainer-reports");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
