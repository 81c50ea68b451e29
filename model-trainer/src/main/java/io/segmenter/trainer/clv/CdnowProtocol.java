package io.segmenter.trainer.clv;

import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.features.dataset.DatasetFormat;
import io.segmenter.features.dataset.DatasetSource;
import io.segmenter.features.dataset.ReadResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The standard CDNOW evaluation of purchase-count models (Fader, Hardie and Lee 2005): calibrate on
 * the purchases before {@code calibrationEnd}, predict the transactions of each customer in the
 * {@code holdout} that follows, compare with what happened. Transactions are calendar days (UTC)
 * with a purchase; times are in weeks. The defaults are the paper's: calibration up to, not
 * including, 1997-10-01 (39 weeks from 1997-01-01), holdout the next 39 weeks (to 1998-06-30).
 *
 * @param calibrationEnd first instant after the calibration period
 * @param holdout        length of the holdout period, whole days
 */
public record CdnowProtocol(Instant calibrationEnd, Duration holdout) {

    /** The paper's calibration end, 1997-10-01T00:00Z. */
    public static final Instant CALIBRATION_END = LocalDate.of(1997, 10, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    /** The paper's holdout, 39 weeks. */
    public static final Duration HOLDOUT = Duration.ofDays(39 * 7);
    /** The time unit of the summaries and predictions. */
    public static final Duration WEEK = Duration.ofDays(7);
    /** CDNOW dates are read as midnight UTC, so days are UTC days. */
    private static final ZoneId DAYS = ZoneOffset.UTC;

    public CdnowProtocol {
        Objects.requireNonNull(calibrationEnd, "calibrationEnd");
        Objects.requireNonNull(holdout, "holdout");
        if (holdout.isNegative() || holdout.isZero() || !holdout.equals(Duration.ofDays(holdout.toDays()))) {
            throw new IllegalArgumentException("the holdout must be a positive whole number of days, got " + holdout);
        }
    }

    /** The paper's split: calibration to 1997-10-01, 39 weeks of holdout. */
    public static CdnowProtocol standard() {
        return new CdnowProtocol(CALIBRATION_END, HOLDOUT);
    }

    /** The holdout length in weeks, the horizon of every prediction. */
    public double holdoutWeeks() {
        return (double) holdout.toDays() / WEEK.toDays();
    }

    /**
     * Reads a CDNOW master file with the project's {@link DatasetFormat#CDNOW} reader and builds
     * {@link #rows(Collection)}.
     *
     * @throws IOException when the file cannot be read or has a malformed line (the protocol needs
     *                     every transaction)
     */
    public List<CustomerHoldout> rows(Path cdnowMaster) throws IOException {
        ReadResult read = DatasetSource.file(cdnowMaster, DatasetFormat.CDNOW).read();
        if (read.report().malformedLines() > 0) {
            throw new IOException(cdnowMaster + " has " + read.report().malformedLines()
                    + " malformed lines, first " + read.report().firstMalformed().get(0)
                    + "; the CDNOW protocol needs every transaction");
        }
        return rows(read.events());
    }

    /**
     * One row per customer (user id) with a purchase before the calibration end, in customer-id
     * order: the calibration summary in weeks and the transaction days in the holdout. Events other
     * than purchases are ignored; purchases after the holdout too.
     */
    public List<CustomerHoldout> rows(Collection<? extends DatasetEvent> events) {
        Objects.requireNonNull(events, "events");
        Map<String, List<Instant>> purchases = new TreeMap<>();
        for (DatasetEvent e : events) {
            if (e instanceof DatasetEvent.Purchase) {
                purchases.computeIfAbsent(e.userId(), id -> new ArrayList<>()).add(e.eventTime());
            }
        }
        Instant holdoutEnd = calibrationEnd.plus(holdout);
        List<CustomerHoldout> rows = new ArrayList<>(purchases.size());
        purchases.forEach((customer, times) -> RepeatSummary.of(times, calibrationEnd, WEEK, DAYS).ifPresent(s -> {
            Set<LocalDate> holdoutDays = new HashSet<>();
            for (Instant t : times) {
                if (!t.isBefore(calibrationEnd) && t.isBefore(holdoutEnd)) {
                    holdoutDays.add(LocalDate.ofInstant(t, DAYS));
                }
            }
            rows.add(new CustomerHoldout(customer, s, holdoutDays.size()));
        }));
        return List.copyOf(rows);
    }

    /** BG/NBD fitted on the calibration summaries of the rows. */
    public static BgNbd fit(List<CustomerHoldout> rows) {
        return BgNbd.fit(rows.stream().map(CustomerHoldout::calibration).toList());
    }

    /** BG/NBD's conditional expectation of holdout transactions, per row. */
    public double[] bgNbdPredictions(BgNbd model, List<CustomerHoldout> rows) {
        double weeks = holdoutWeeks();
        return rows.stream().mapToDouble(row -> model.expectedPurchases(weeks, row.calibration())).toArray();
    }

    /** The naive baseline, per row: the calibration repeat rate x / T carried over the holdout. */
    public double[] calibrationRatePredictions(List<CustomerHoldout> rows) {
        double weeks = holdoutWeeks();
        return rows.stream().mapToDouble(row -> row.calibration().x() / row.calibration().T() * weeks).toArray();
    }

    /** The trivial baseline: nobody buys again. */
    public static double[] zeroPredictions(List<CustomerHoldout> rows) {
        return new double[rows.size()];
    }

    /** {@link HoldoutEvaluation#of}: {@code predicted[i]} is the prediction for {@code rows.get(i)}. */
    public static HoldoutEvaluation evaluate(List<CustomerHoldout> rows, double[] predicted) {
        return HoldoutEvaluation.of(rows, predicted);
    }
}
