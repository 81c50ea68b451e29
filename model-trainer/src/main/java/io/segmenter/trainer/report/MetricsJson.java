package io.segmenter.trainer.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.segmenter.model.ModelBundle;
import io.segmenter.model.SegmentInfo;
import io.segmenter.trainer.ConfusionMatrix;
import io.segmenter.trainer.SegmentCountSelector;
import io.segmenter.trainer.SegmentEvaluation;
import io.segmenter.trainer.SegmentOutcomes;
import io.segmenter.trainer.SegmentProfile;
import io.segmenter.trainer.Trainer;
import io.segmenter.trainer.data.TrainingData;
import io.segmenter.trainer.fraud.FraudReport;
import io.segmenter.trainer.predict.BacktestJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code metrics.json} of {@code train} and {@code evaluate}: plain maps and lists in a fixed
 * order, written by Jackson. Non-finite numbers are written as null (JSON has no NaN).
 */
public final class MetricsJson {

    /** The targets. */
    public static final double TARGET_MACRO_F1_MARGIN = 0.05;
    public static final double TARGET_PURCHASE_RATE_RATIO = 3.0;
    public static final double TARGET_FRAUD_PRECISION = 0.90;
    public static final double TARGET_FRAUD_RECALL = 0.58;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MetricsJson() {
    }

    public static void write(Path file, Map<String, Object> json) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, JSON.writeValueAsBytes(json));
    }

    /** {@code train}'s metrics. */
    public static Map<String, Object> train(Trainer.Run run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", "train");
        json.putAll(bundle(run.bundle()));
        json.put("data", data(run.data()));
        json.put("seed", run.options().seed());
        json.put("options", run.options().command());
        json.put("predictions", run.predictions().map(BacktestJson::of).orElse(null));
        Map<String, Object> seg = new LinkedHashMap<>();
        seg.put("k", run.segments().k());
        seg.put("criterion", "the best mean silhouette among k in [" + run.options().segments().minK() + ", "
                + run.options().segments().maxK() + "] whose smallest segment holds at least "
                + run.options().segments().minSegmentShare() + " of the training users");
        seg.put("clusterFeatures", run.segments().clustering().features());
        seg.put("candidates", candidates(run.segments().selection()));
        seg.put("trainUsers", run.segments().trainUsers().size());
        seg.put("testUsers", run.segments().testUsers().size());
        seg.put("trainingRows", run.segments().trainingRows());
        seg.put("finalLoss", finite(run.segments().finalLoss()));
        List<Map<String, Object>> profiles = new ArrayList<>();
        for (SegmentProfile p : run.segments().profiles()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", p.segment());
            m.put("id", run.segments().catalogue().get(p.segment()).id());
            m.put("name", p.name());
            m.put("description", p.description());
            m.put("trainUsers", p.size());
            m.put("share", p.share());
            profiles.add(m);
        }
        seg.put("profiles", profiles);
        seg.put("heldOut", segments(run.segmentHeldOut(), run.bundle().segments()));
        json.put("segments", seg);
        Map<String, Object> fraud = new LinkedHashMap<>();
        fraud.put("thresholdRule", run.fraud().thresholdRule());
        fraud.put("training", run.fraud().metrics());
        fraud.put("heldOut", run.fraudHeldOut().map(FraudReport::toJson).orElse(null));
        json.put("fraud", fraud);
        json.put("targets", targets(Optional.of(run.segmentHeldOut()), run.fraudHeldOut()));
        json.put("elapsedSeconds", run.elapsed().toMillis() / 1000.0);
        return json;
    }

    /** {@code evaluate}'s metrics. */
    public static Map<String, Object> evaluate(ModelBundle bundle, TrainingData data, Optional<SegmentEvaluation.Result> segments,
            Optional<FraudReport> fraud, boolean baselineKnown) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", "evaluate");
        json.putAll(bundle(bundle));
        json.put("data", data(data));
        json.put("baselineKnown", baselineKnown);
        json.put("segments", segments.map(s -> segments(s, bundle.segments())).orElse(null));
        json.put("fraud", fraud.map(FraudReport::toJson).orElse(null));
        json.put("targets", targets(segments, fraud));
        return json;
    }

    static Map<String, Object> bundle(ModelBundle bundle) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("modelVersion", bundle.modelVersion());
        m.put("bundleSha256", bundle.fileSha256());
        m.put("createdTime", bundle.createdTime().toString());
        m.put("featureDefinitionHash", bundle.featureDefinitionHash());
        return m;
    }

    static List<Map<String, Object>> data(TrainingData data) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TrainingData.Source s : data.sources()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("format", s.format());
            m.put("fingerprint", s.fingerprint());
            m.put("linesRead", s.linesRead());
            m.put("malformed", s.malformed());
            m.put("events", s.events().size());
            m.put("role", s.labelled() ? "fraud" : "segments and fraud");
            out.add(m);
        }
        return out;
    }

    private static List<Map<String, Object>> candidates(SegmentCountSelector.Selection selection) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SegmentCountSelector.Candidate c : selection.candidates()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("k", c.k());
            m.put("silhouette", finite(c.silhouette()));
            m.put("calinskiHarabasz", finite(c.calinskiHarabasz()));
            m.put("smallestSegment", c.smallestSegment());
            m.put("eligible", c.eligible());
            m.put("chosen", c.k() == selection.k());
            out.add(m);
        }
        return out;
    }

    /** One segment evaluation. */
    public static Map<String, Object> segments(SegmentEvaluation.Result r, List<SegmentInfo> catalogue) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("users", r.users());
        List<Map<String, Object>> sources = new ArrayList<>();
        for (SegmentEvaluation.SourceSummary s : r.sources()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("source", s.source());
            x.put("cut", s.cut().toString());
            x.put("horizon", s.horizon().toString());
            x.put("users", s.users());
            sources.add(x);
        }
        m.put("sources", sources);
        r.labels().ifPresent(l -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("dl4jMacroF1", l.dl4j().macroF1());
            x.put("naiveBayesMacroF1", l.naiveBayes().macroF1());
            x.put("majorityMacroF1", l.majority().macroF1());
            x.put("margin", l.margin());
            x.put("dl4jAccuracy", l.dl4j().accuracy());
            x.put("naiveBayesAccuracy", l.naiveBayes().accuracy());
            x.put("dl4jConfusion", matrix(l.dl4j()));
            x.put("naiveBayesConfusion", matrix(l.naiveBayes()));
            x.put("outcomesByLabel", outcomes(l.labelOutcomes(), catalogue));
            x.put("purchaseRateRatioByLabel", finite(l.labelOutcomes().purchaseRateRatio(SegmentEvaluation.MIN_USERS_FOR_RATIO)));
            m.put("againstLabels", x);
        });
        m.put("outcomesByPredictedSegment", outcomes(r.outcomes(), catalogue));
        m.put("purchaseRateRatio", finite(r.purchaseRateRatio()));
        m.put("purchaseRateRatioMinUsers", SegmentEvaluation.MIN_USERS_FOR_RATIO);
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("meanDailyChangeShare", finite(r.meanDailyChangeShare()));
        List<Map<String, Object>> steps = new ArrayList<>();
        for (SegmentEvaluation.StabilityStep s : r.stability()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("source", s.source());
            x.put("from", s.from().toString());
            x.put("to", s.to().toString());
            x.put("users", s.users());
            x.put("changed", s.changed());
            x.put("share", finite(s.share()));
            steps.add(x);
        }
        st.put("days", steps);
        m.put("stability", st);
        return m;
    }

    private static List<Map<String, Object>> outcomes(SegmentOutcomes o, List<SegmentInfo> catalogue) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SegmentOutcomes.Row row : o.segments()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("segment", catalogue.get(row.segment()).id());
            x.put("users", row.users());
            x.put("purchaseRate", finite(row.purchaseRate()));
            x.put("ordersPerUser", finite(row.meanOrders()));
            x.put("spendPerUser", finite(row.meanSpend()));
            out.add(x);
        }
        return out;
    }

    private static List<List<Integer>> matrix(ConfusionMatrix m) {
        return Arrays.stream(m.counts()).map(row -> Arrays.stream(row).boxed().toList()).toList();
    }

    private static Map<String, Object> targets(Optional<SegmentEvaluation.Result> segments, Optional<FraudReport> fraud) {
        Map<String, Object> t = new LinkedHashMap<>();
        segments.flatMap(SegmentEvaluation.Result::labels).ifPresent(l -> t.put("segmentMacroF1Margin",
                target(l.margin(), ">= " + TARGET_MACRO_F1_MARGIN, l.margin() >= TARGET_MACRO_F1_MARGIN)));
        segments.ifPresent(s -> {
            double ratio = s.purchaseRateRatio();
            t.put("purchaseRateRatio", target(ratio, ">= " + TARGET_PURCHASE_RATE_RATIO
                    + " (highest over lowest purchase rate, segments of at least " + SegmentEvaluation.MIN_USERS_FOR_RATIO
                    + " users)", ratio >= TARGET_PURCHASE_RATE_RATIO));
        });
        fraud.ifPresent(f -> {
            t.put("fraudPrecisionRecallAtThreshold", target(f.precision(), "precision >= " + TARGET_FRAUD_PRECISION
                    + " at recall >= " + TARGET_FRAUD_RECALL + " (recall " + f.recall() + ")",
                    f.meets(TARGET_FRAUD_PRECISION, TARGET_FRAUD_RECALL)));
            t.put("fraudBeatsEveryHandRule", target(Double.NaN, "true", f.beatsEveryHandRule()));
        });
        return t;
    }

    private static Map<String, Object> target(double value, String wanted, boolean met) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", finite(value));
        m.put("target", wanted);
        m.put("met", met);
        return m;
    }

    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
