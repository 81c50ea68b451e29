package io.segmenter.trainer.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CDNOW protocol on the full master file in {@code ../shared/data} (skipped where absent): all
 * 23,570 customers, 39 weeks of calibration and 39 of holdout. The expected figures are the
 * published ones for this file; a fit that lands elsewhere means a bug in dates, the same-day rule,
 * week units or T, not a tolerance to widen.
 */
class CdnowSharedDataTest {

    private static final Logger log = LoggerFactory.getLogger(CdnowSharedDataTest.class);
    /** {@code <repo root>/../shared/data}: the module runs in {@code <repo root>/model-trainer}. */
    private static final Path DATA = Path.of("").toAbsolutePath().getParent().resolveSibling("shared").resolve("data");

    @Test
    void reproducesThePublishedCdnowFigures() throws IOException {
        Path file = DATA.resolve("cdnow-transactions/CDNOW_master.txt");
        assumeTrue(Files.isReadable(file), "shared CDNOW master file not present");
        CdnowProtocol protocol = CdnowProtocol.standard();

        List<CustomerHoldout> rows = protocol.rows(file);
        BgNbd model = CdnowProtocol.fit(rows);
        HoldoutEvaluation bgNbd = CdnowProtocol.evaluate(rows, protocol.bgNbdPredictions(model, rows));
        HoldoutEvaluation rate = CdnowProtocol.evaluate(rows, protocol.calibrationRatePredictions(rows));
        HoldoutEvaluation zero = CdnowProtocol.evaluate(rows, CdnowProtocol.zeroPredictions(rows));
        log.info("\nCDNOW master, {} customers: BG/NBD r {} alpha {} a {} b {}\n{}\n{}\n{}", rows.size(),
                f(model.r()), f(model.alpha()), f(model.a()), f(model.b()), line("BG/NBD", bgNbd),
                line("calibration rate x 39 weeks", rate), line("always 0", zero));

        assertThat(rows).hasSize(23_570);
        assertThat(model.r()).isCloseTo(0.251, within(0.005));
        assertThat(model.alpha()).isCloseTo(4.765, within(0.05));
        assertThat(model.a()).isCloseTo(0.746, within(0.005));
        assertThat(model.b()).isCloseTo(2.216, within(0.005));

        assertThat(bgNbd.rmse()).isCloseTo(1.737, within(0.002));
        assertThat(bgNbd.mae()).isCloseTo(0.817, within(0.002));
        assertThat(bgNbd.topDecileLift()).isCloseTo(2.69, within(0.01));
        assertThat(bgNbd.topDecileBuyerShare()).isCloseTo(0.807, within(0.002));
        assertThat(bgNbd.baseBuyerShare()).isCloseTo(0.299, within(0.001));
        assertThat(bgNbd.totalPredicted()).isCloseTo(16_623, Percentage.withPercentage(0.5));
        assertThat(bgNbd.totalActual()).isEqualTo(19_684);

        assertThat(rate.rmse()).isCloseTo(2.151, within(0.002));
        assertThat(rate.topDecileLift()).isCloseTo(2.58, within(0.01));
        assertThat(rate.totalPredicted()).isCloseTo(28_883, Percentage.withPercentage(0.5));

        assertThat(zero.rmse()).isCloseTo(2.467, within(0.002));
        assertThat(zero.mae()).isCloseTo(0.835, within(0.002));
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String line(String name, HoldoutEvaluation e) {
        return String.format(Locale.ROOT,
                "  %-28s RMSE %.4f  MAE %.4f  top-decile lift %.3f (%.4f vs base %.4f)  total %.1f vs actual %d",
                name, e.rmse(), e.mae(), e.topDecileLift(), e.topDecileBuyerShare(), e.baseBuyerShare(),
                e.totalPredicted(), e.totalActual());
    }
}
