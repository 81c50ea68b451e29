package io.segmenter.trainer.publish;

import io.segmenter.model.BundleRejectedException;
import io.segmenter.model.ModelBundle;
import io.segmenter.schemas.avro.ModelRelease;
import io.segmenter.trainer.SegmentEvaluation;
import io.segmenter.trainer.Trainer;
import io.segmenter.trainer.fraud.FraudEvaluation;
import io.segmenter.trainer.fraud.FraudReport;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a freshly trained candidate replaces the live model. Both are measured on the
 * candidate's held-out users and purchases (never trained on by the candidate; the live model may
 * have seen them, which can only flatter it). The rule:
 * <ol>
 * <li>no live release, or a live bundle that no longer loads here (e.g. another feature
 *     definition): publish;</li>
 * <li>segments: the candidate's macro-F1 against its own segment labels must not be lower than
 *     the live release's recorded {@code segmentMacroF1} by more than {@code tolerance} (each
 *     model is measured against its own segmentation, which only its trainer knows; the live
 *     figure is the one measured on its held-out users when it was trained);</li>
 * <li>fraud, when the held-out purchases are labelled: the candidate's PR-AUC must not be lower
 *     than the live bundle's PR-AUC on the same purchases by more than {@code tolerance}.</li>
 * </ol>
 * Both models' purchase-rate ratios on the same users are reported beside, not gated on.
 */
public final class RefreshRule {

    /** Default allowed drop of macro-F1 and PR-AUC. */
    public static final double DEFAULT_TOLERANCE = 0.01;

    /**
     * The decision.
     *
     * @param publish   whether to publish the candidate
     * @param reasons   one line per check, in order
     * @param candidate the candidate's figures
     * @param live      the live model's figures (empty without a live model)
     */
    public record Decision(boolean publish, List<String> reasons, Map<String, Double> candidate, Map<String, Double> live) {
        public Decision {
            reasons = List.copyOf(reasons);
            candidate = Map.copyOf(candidate);
            live = Map.copyOf(live);
        }
    }

    private RefreshRule() {
    }

    public static Decision decide(Trainer.Run run, Optional<ModelRelease> liveRelease, double tolerance) {
        Map<String, Double> candidate = new LinkedHashMap<>();
        Map<String, Double> live = new LinkedHashMap<>();
        List<String> reasons = new ArrayList<>();
        run.segmentHeldOut().labels().ifPresent(l -> candidate.put("segmentMacroF1", l.dl4j().macroF1()));
        candidate.put("segmentPurchaseRateRatio", run.segmentHeldOut().purchaseRateRatio());
        run.fraudHeldOut().ifPresent(r -> candidate.put("fraudPrAuc", r.prAuc()));
        if (liveRelease.isEmpty()) {
            reasons.add("no live model is published");
            return new Decision(true, reasons, candidate, live);
        }
        ModelRelease release = liveRelease.get();
        ModelBundle liveBundle;
        try {
            ByteBuffer bytes = release.getBundle();
            if (bytes == null) {
                reasons.add("the live release " + release.getModelVersion() + " has no inline bundle to compare with");
                return new Decision(true, reasons, candidate, live);
            }
            byte[] zip = new byte[bytes.remaining()];
            bytes.duplicate().get(zip);
            liveBundle = ModelBundle.read(zip, release.getChecksumSha256());
        } catch (BundleRejectedException e) {
            reasons.add("the live model " + release.getModelVersion() + " does not load here (" + e.reason() + "): "
                    + e.getMessage());
            return new Decision(true, reasons, candidate, live);
        }
        boolean publish = true;
        Double liveF1 = release.getMetrics().get("segmentMacroF1");
        Double newF1 = candidate.get("segmentMacroF1");
        if (liveF1 != null && newF1 != null) {
            live.put("segmentMacroF1", liveF1);
            boolean ok = newF1 >= liveF1 - tolerance;
            publish &= ok;
            reasons.add(String.format(Locale.ROOT, "segment macro-F1 %.4f vs live %.4f (recorded at its training): %s",
                    newF1, liveF1, ok ? "not worse" : "worse by more than " + tolerance));
        } else {
            reasons.add("segment macro-F1 not compared (live release records none)");
        }
        Set<String> test = new HashSet<>(run.segments().testUsers());
        SegmentEvaluation.Result liveSegments = SegmentEvaluation.evaluate(liveBundle, Optional.empty(),
                run.segments().sources(), test::contains);
        live.put("segmentPurchaseRateRatio", liveSegments.purchaseRateRatio());
        reasons.add(String.format(Locale.ROOT, "purchase-rate ratio on the same users %.2f vs live %.2f (reported, not gated)",
                candidate.get("segmentPurchaseRateRatio"), liveSegments.purchaseRateRatio()));
        if (run.fraudHeldOut().isPresent()) {
            FraudReport liveFraud = FraudEvaluation.evaluate(liveBundle, run.fraudSamples().test());
            double newPr = run.fraudHeldOut().get().prAuc();
            live.put("fraudPrAuc", liveFraud.prAuc());
            boolean ok = newPr >= liveFraud.prAuc() - tolerance;
            publish &= ok;
            reasons.add(String.format(Locale.ROOT, "fraud PR-AUC on the same %d purchases %.4f vs live %.4f: %s",
                    liveFraud.purchases(), newPr, liveFraud.prAuc(), ok ? "not worse" : "worse by more than " + tolerance));
        } else {
            reasons.add("fraud not compared (no held-out labelled purchases)");
        }
        return new Decision(publish, reasons, candidate, live);
    }
}
