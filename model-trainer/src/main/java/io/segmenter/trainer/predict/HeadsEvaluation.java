package io.segmenter.trainer.predict;

import io.segmenter.model.PredictiveHeads;
import io.segmenter.trainer.data.TrainingData;
import io.segmenter.trainer.eval.Bootstrap;
import io.segmenter.trainer.predict.OutcomeRow.CutKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A bundle's predictive heads measured on any data ({@code evaluate}): every cut of every behaviour
 * source whose purchase period is observed (from a first day, when given), with the heads' own
 * periods. Unlike {@link Backtest} nothing is trained here, so there are no baselines; rows cut
 * before the bundle's newest training event may be rows it learned from, and the result says how
 * many.
 *
 * @param targets         the heads' periods
 * @param rows            rows measured
 * @param rowsBeforeModel of them, cut before the bundle's creation time (its newest training event)
 * @param kinds           results per kind of cut
 */
public record HeadsEvaluation(PredictionTargets targets, int rows, long rowsBeforeModel,
        List<PredictionEvaluation.KindResult> kinds) {

    public static HeadsEvaluation run(PredictiveHeads heads, Instant modelCreated, TrainingData data,
            Optional<LocalDate> from, int resamples, long seed) {
        PredictionTargets targets = new PredictionTargets(heads.purchaseHorizon(), heads.churnHorizon());
        List<OutcomeRow> rows = new ArrayList<>();
        List<Boolean> churnKnown = new ArrayList<>();
        for (TrainingData.Source s : data.segmentSources()) {
            ZoneId zone = PredictionData.zoneOf(s.format());
            Optional<Instant> start = from.map(d -> d.atStartOfDay(zone).toInstant());
            OutcomeRows built = OutcomeRows.build(s.name(), s.replayEvents(), targets, zone, start, seed);
            for (OutcomeRow r : built.rows()) {
                if ((start.isEmpty() || !r.cut().isBefore(start.get())) && r.purchaseObservedBy(built.observedUntil())) {
                    rows.add(r);
                    churnKnown.add(r.churnObservedBy(built.observedUntil()));
                }
            }
        }
        Design test = Design.of(rows, r -> true, r -> true);
        boolean[] churnMask = new boolean[rows.size()];
        for (int i = 0; i < churnMask.length; i++) {
            churnMask[i] = churnKnown.get(i);
        }
        int n = rows.size();
        List<Predictions> predictions = Predictions.ofHeads(heads, test.features());
        Bootstrap bootstrap = new Bootstrap(seed, resamples);
        List<PredictionEvaluation.KindResult> kinds = new ArrayList<>();
        if (n > 0) {
            for (CutKind kind : List.of(CutKind.DAILY, CutKind.EVENT)) {
                PredictionEvaluation.evaluate(kind, test, churnMask, predictions, bootstrap).ifPresent(kinds::add);
            }
        }
        long before = rows.stream().filter(r -> r.cut().isBefore(modelCreated)).count();
        return new HeadsEvaluation(targets, n, before, kinds);
    }

    /** The tables, with a warning when rows may have trained the heads. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append("predictions of the bundle: ").append(targets.describe()).append(String.format(java.util.Locale.ROOT,
                "; %,d rows with an observed period", rows)).append('\n');
        if (rowsBeforeModel > 0) {
            sb.append(String.format(java.util.Locale.ROOT, "  warning: %,d of them are cut before the bundle's newest"
                    + " training event and may be rows it learned from; for held-out figures use --test-from or backtest%n",
                    rowsBeforeModel));
        }
        BacktestText.kinds(sb, targets, kinds);
        return sb.toString();
    }
}
