package io.segmenter.trainer.predict;

import io.segmenter.trainer.eval.Interval;
import io.segmenter.trainer.predict.OutcomeRow.CutKind;
import io.segmenter.trainer.predict.PredictionEvaluation.Binary;
import io.segmenter.trainer.predict.PredictionEvaluation.Count;
import io.segmenter.trainer.predict.PredictionEvaluation.KindResult;
import io.segmenter.trainer.predict.PredictionEvaluation.ModelFigures;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** A backtest as the tables {@code backtest} prints: every model on the same rows, 95% intervals in brackets. */
public final class BacktestText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String NA = "-";

    private BacktestText() {
    }

    public static String format(Backtest.Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append("predictions measured on a later period: ").append(r.targets().describe()).append('\n');
        for (Backtest.SourceSummary s : r.sources()) {
            sb.append(String.format(Locale.ROOT, "  %s: %,d users, events %s .. %s, test cuts from %s; %,d training rows,"
                    + " %,d test rows%n", s.source(), s.users(), TIME.format(s.firstEvent()), TIME.format(s.lastEvent()),
                    TIME.format(s.testFrom()), s.trainingRows(), s.testRows()));
        }
        r.leftOut().forEach(l -> sb.append("  left out: ").append(l).append('\n'));
        if (r.epochsKept().isEmpty()) {
            sb.append("  DL4J: the bundle's heads (").append(r.heads().members().size())
                    .append(" networks), not retrained; the baselines learned from the cuts before the test start\n");
        } else {
            sb.append("  DL4J: ").append(r.heads().members().size()).append(" networks, epochs kept ").append(r.epochsKept())
                    .append("; recalibrated (Platt, count scale) on held-out training users\n");
        }
        sb.append("  best single features (chosen on the training rows): ").append(r.rules()).append('\n');
        r.kinds().stream().findFirst().ifPresent(k -> k.models().stream().filter(m -> !m.note().isEmpty())
                .forEach(m -> sb.append("  ").append(m.model()).append(": ").append(m.note()).append('\n')));
        kinds(sb, r.targets(), r.kinds());
        sb.append(String.format(Locale.ROOT, "%nelapsed %.1f s%n", r.elapsed().toMillis() / 1000.0));
        return sb.toString();
    }

    /** The tables of each kind of cut: every model's figures, then DL4J's differences to the baselines. */
    static void kinds(StringBuilder sb, PredictionTargets targets, List<KindResult> kinds) {
        for (KindResult k : kinds) {
            sb.append('\n').append(k.kind() == CutKind.DAILY ? "daily cuts (midnight, every user the stream holds)"
                    : "event cuts (right after a user's event, as the stream scores)");
            sb.append(String.format(Locale.ROOT, ": %,d rows of %,d users%n", k.rows(), k.users()));
            String h = Durations.text(targets.purchaseHorizon());
            String c = Durations.text(targets.churnHorizon());
            binaryTable(sb, k, "P(order within " + h + ")", ModelFigures::purchase);
            countTable(sb, k, "orders within " + h);
            binaryTable(sb, k, "P(no event within " + c + ")", ModelFigures::churn);
            if (!k.comparisons().isEmpty()) {
                sb.append("  DL4J minus each baseline, paired on the same resamples (an interval without 0 is a real"
                        + " difference):\n");
                for (PredictionEvaluation.Comparison cmp : k.comparisons()) {
                    sb.append(String.format(Locale.ROOT, "    %-18s vs %-28s %s%n", cmp.figure(), cmp.baseline(),
                            signed(cmp.difference())));
                }
            }
        }
    }

    private static void binaryTable(StringBuilder sb, KindResult k, String title, Function<ModelFigures, Optional<Binary>> head) {
        Optional<Binary> any = k.models().stream().map(head).flatMap(Optional::stream).findFirst();
        if (any.isEmpty()) {
            sb.append("  ").append(title).append(": no test row has both outcomes observed\n");
            return;
        }
        sb.append(String.format(Locale.ROOT, "  %-28s %-22s %-22s %-22s %-22s %-22s%n",
                title + " (" + any.get().positives() + "/" + any.get().rows() + ")", "ROC-AUC", "PR-AUC", "top-decile lift",
                "Brier", "calibration error"));
        for (ModelFigures m : k.models()) {
            Optional<Binary> b = head.apply(m);
            if (b.isEmpty()) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "    %-26s %-22s %-22s %-22s %-22s %-22s%n", m.model(),
                    ci(b.get().rocAuc()), ci(b.get().prAuc()), ci(b.get().lift()),
                    b.get().brier().map(BacktestText::ci).orElse(NA), b.get().ece().map(BacktestText::ci).orElse(NA)));
        }
    }

    private static void countTable(StringBuilder sb, KindResult k, String title) {
        sb.append(String.format(Locale.ROOT, "  %-28s %-22s %-22s %-22s %-22s%n", title, "RMSE", "MAE", "lift of any order",
                "predicted / actual"));
        for (ModelFigures m : k.models()) {
            if (m.purchases().isEmpty()) {
                continue;
            }
            Count cnt = m.purchases().get();
            sb.append(String.format(Locale.ROOT, "    %-26s %-22s %-22s %-22s %s%n", m.model(), ci(cnt.rmse()), ci(cnt.mae()),
                    ci(cnt.anyLift()), String.format(Locale.ROOT, "%,.0f / %,.0f", cnt.sumPredicted(), cnt.sumActual())));
        }
    }

    /** {@code 0.620 [0.589, 0.651]}, or {@code -} when undefined. */
    public static String ci(Interval i) {
        if (Double.isNaN(i.point())) {
            return NA;
        }
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", i.point(), i.low(), i.high());
    }

    private static String signed(Interval i) {
        return String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f]", i.point(), i.low(), i.high());
    }
}
