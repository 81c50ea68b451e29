package io.segmenter.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.segmenter.features.ReplayEvent;
import io.segmenter.features.dataset.BundledSample;
import io.segmenter.features.dataset.DatasetFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segment half of training end to end on the bundled Taobao sample (150 users, 9 days):
 * snapshot 3 days before the end, cluster, name, naive Bayes on a user split. Asserts only what
 * must hold whatever the data; the figures go to the log and to
 * {@code target/trainer-reports/taobao-sample.txt}.
 */
class TaobaoSampleSmokeTest {

    private static final Logger log = LoggerFactory.getLogger(TaobaoSampleSmokeTest.class);
    private static final long SEED = 20_240_304L;
    private static final int MIN_K = 2;
    private static final int MAX_K = 8;

    @Test
    void clustersNamesAndBaselinesTheBundledTaobaoSample() throws IOException {
        Optional<Path> file = BundledSample.find(Path.of("")).map(d -> d.resolve("taobao-userbehavior-150users.csv"));
        assumeTrue(file.isPresent() && Files.isReadable(file.get()), "bundled sample not found");
        List<ReplayEvent> events = SegmentPipeline.load(file.get(), DatasetFormat.TAOBAO);

        SegmentPipeline.Result r = SegmentPipeline.run(events, Duration.ofDays(3), MIN_K, MAX_K, SEED);
        String report = r.report("Taobao bundled sample, seed " + SEED);
        log.info("\n{}", report);
        Reports.write("taobao-sample.txt", report);

        assertThat(r.snapshot().vectors()).hasSizeBetween(100, 150);
        assertThat(r.k()).isBetween(MIN_K, MAX_K);
        assertThat(r.profiles()).hasSize(r.k());
        assertThat(new HashSet<>(r.profiles().stream().map(SegmentProfile::name).toList())).hasSize(r.k());
        assertThat(r.profiles()).allMatch(p -> !p.description().isBlank());
        assertThat(r.naiveBayes().macroF1()).isBetween(0.0, 1.0);
        assertThat(r.naiveBayes().macroF1()).isGreaterThan(r.majority().macroF1());
        assertThat(r.naiveBayes().total()).isEqualTo(r.parts().test().size());

        SegmentPipeline.Result again = SegmentPipeline.run(events, Duration.ofDays(3), MIN_K, MAX_K, SEED);
        assertThat(again.selection()).isEqualTo(r.selection());
        assertThat(again.profiles()).isEqualTo(r.profiles());
        assertThat(again.naiveBayes()).isEqualTo(r.naiveBayes());
    }
}
