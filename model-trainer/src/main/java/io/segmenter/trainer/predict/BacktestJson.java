package io.segmenter.trainer.predict;

import io.segmenter.trainer.eval.Interval;
import io.segmenter.trainer.eval.ReliabilityBin;
import io.segmenter.trainer.predict.PredictionEvaluation.Binary;
import io.segmenter.trainer.predict.PredictionEvaluation.Count;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A backtest as a JSON-ready tree: every figure as {@code {point, low, high}}; undefined figures are null. */
public final class BacktestJson {

    private BacktestJson() {
    }

    public static Map<String, Object> of(Backtest.Result r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("purchaseHorizon", r.targets().purchaseHorizon().toString());
        root.put("churnHorizon", r.targets().churnHorizon().toString());
        List<Object> sources = new ArrayList<>();
        for (Backtest.SourceSummary s : r.sources()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", s.source());
            m.put("users", s.users());
            m.put("firstEvent", s.firstEvent().toString());
            m.put("lastEvent", s.lastEvent().toString());
            m.put("testFrom", s.testFrom().toString());
            m.put("trainingRows", s.trainingRows());
            m.put("testRows", s.testRows());
            sources.add(m);
        }
        root.put("sources", sources);
        root.put("leftOut", r.leftOut());
        root.put("networkMembers", r.heads().members().size());
        root.put("epochsKept", r.epochsKept());
        root.put("bestSingleFeatures", r.rules());
        List<Object> kinds = new ArrayList<>();
        for (PredictionEvaluation.KindResult k : r.kinds()) {
            Map<String, Object> km = new LinkedHashMap<>();
            km.put("cuts", k.kind().name().toLowerCase(java.util.Locale.ROOT));
            km.put("rows", k.rows());
            km.put("users", k.users());
            List<Object> models = new ArrayList<>();
            for (PredictionEvaluation.ModelFigures m : k.models()) {
                Map<String, Object> mm = new LinkedHashMap<>();
                mm.put("model", m.model());
                if (!m.note().isEmpty()) {
                    mm.put("note", m.note());
                }
                mm.put("purchase", m.purchase().map(BacktestJson::binary).orElse(null));
                mm.put("orders", m.purchases().map(BacktestJson::count).orElse(null));
                mm.put("churn", m.churn().map(BacktestJson::binary).orElse(null));
                models.add(mm);
            }
            km.put("models", models);
            List<Object> comparisons = new ArrayList<>();
            for (PredictionEvaluation.Comparison c : k.comparisons()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("figure", c.figure());
                cm.put("baseline", c.baseline());
                cm.put("dl4jMinusBaseline", interval(c.difference()));
                comparisons.add(cm);
            }
            km.put("comparisons", comparisons);
            kinds.add(km);
        }
        root.put("results", kinds);
        root.put("elapsedSeconds", r.elapsed().toMillis() / 1000.0);
        return root;
    }

    private static Map<String, Object> binary(Binary b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", b.rows());
        m.put("positives", b.positives());
        m.put("rocAuc", interval(b.rocAuc()));
        m.put("prAuc", interval(b.prAuc()));
        m.put("topDecileLift", interval(b.lift()));
        m.put("brier", b.brier().map(BacktestJson::interval).orElse(null));
        m.put("expectedCalibrationError", b.ece().map(BacktestJson::interval).orElse(null));
        List<Object> bins = new ArrayList<>();
        for (ReliabilityBin bin : b.reliability()) {
            Map<String, Object> bm = new LinkedHashMap<>();
            bm.put("lower", bin.lower());
            bm.put("upper", bin.upper());
            bm.put("count", bin.count());
            bm.put("meanPredicted", finite(bin.meanPredicted()));
            bm.put("observedRate", finite(bin.observedRate()));
            bins.add(bm);
        }
        m.put("reliability", bins);
        return m;
    }

    private static Map<String, Object> count(Count c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", c.rows());
        m.put("rmse", interval(c.rmse()));
        m.put("mae", interval(c.mae()));
        m.put("sumPredicted", c.sumPredicted());
        m.put("sumActual", c.sumActual());
        m.put("anyOrderLift", interval(c.anyLift()));
        return m;
    }

    private static Map<String, Object> interval(Interval i) {
        if (Double.isNaN(i.point())) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("point", i.point());
        m.put("low", finite(i.low()));
        m.put("high", finite(i.high()));
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
