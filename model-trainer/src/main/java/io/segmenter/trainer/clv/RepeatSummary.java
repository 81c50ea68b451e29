package io.segmenter.trainer.clv;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One customer's purchase history in a calibration period, as the BG/NBD model sees it; all times in
 * one chosen unit (e.g. weeks).
 *
 * @param x  repeat transactions: transactions after the first
 * @param tx time from the first to the last transaction; 0 when {@code x} is 0
 * @param T  time from the first transaction to the end of the calibration period
 */
public record RepeatSummary(int x, double tx, double T) {

    public RepeatSummary {
        if (x < 0) {
            throw new IllegalArgumentException("x (repeat transactions) must be >= 0, got " + x);
        }
        if (!(T > 0) || Double.isInfinite(T)) {
            throw new IllegalArgumentException("T must be finite and > 0, got " + T);
        }
        if (!(tx >= 0 && tx <= T)) {
            throw new IllegalArgumentException("tx must be in [0, T = " + T + "], got " + tx);
        }
        if (x == 0 && tx != 0) {
            throw new IllegalArgumentException("tx must be 0 without repeat transactions, got " + tx);
        }
    }

    /**
     * The summary of a customer's purchases before {@code calibrationEnd}. A transaction is a
     * calendar day in {@code zone} with at least one purchase, so several purchases on one day count
     * once; times run from the start of the first transaction day. Purchases at or after
     * {@code calibrationEnd} are ignored.
     *
     * @param unit the time unit of {@code tx} and {@code T}, e.g. {@code Duration.ofDays(7)} for weeks
     * @return empty when no purchase falls before {@code calibrationEnd}
     */
    public static Optional<RepeatSummary> of(Collection<Instant> purchases, Instant calibrationEnd, Duration unit,
            ZoneId zone) {
        Objects.requireNonNull(purchases, "purchases");
        Objects.requireNonNull(calibrationEnd, "calibrationEnd");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(zone, "zone");
        if (unit.isNegative() || unit.isZero()) {
            throw new IllegalArgumentException("the time unit must be positive, got " + unit);
        }
        TreeSet<LocalDate> days = new TreeSet<>();
        for (Instant purchase : purchases) {
            if (Objects.requireNonNull(purchase, "purchase").isBefore(calibrationEnd)) {
                days.add(LocalDate.ofInstant(purchase, zone));
            }
        }
        if (days.isEmpty()) {
            return Optional.empty();
        }
        Instant first = days.first().atStartOfDay(zone).toInstant();
        Instant last = days.last().atStartOfDay(zone).toInstant();
        return Optional.of(new RepeatSummary(days.size() - 1, units(Duration.between(first, last), unit),
                units(Duration.between(first, calibrationEnd), unit)));
    }

    private static double units(Duration d, Duration unit) {
        return seconds(d) / seconds(unit);
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }
}
