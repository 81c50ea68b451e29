package io.segmenter.stream.http;

import io.segmenter.stream.scoring.CurrentSegment;
import io.segmenter.stream.scoring.CurrentSegmentCodec;
import io.segmenter.stream.scoring.UserPredictions;
import io.segmenter.stream.topology.SegmentationTopology;
import java.util.Optional;

/**
 * The {@code predictions} field of a user document: what the model that scored the user last
 * predicts, from {@value SegmentationTopology#USER_SEGMENT_STORE}; left out while the user has not
 * been scored by a model with predictive heads (never zeros standing in for a prediction).
 * <pre>{@code "predictions": {"purchaseProbability": 0.31, "expectedPurchases": 0.42,
 *     "churnProbability": 0.07, "purchaseHorizon": "PT24H", "churnHorizon": "PT72H",
 *     "modelVersion": "seg-20171203-1a2b3c4d"}}</pre>
 */
public final class PredictionsAttribute implements UserAttribute {

    /** The JSON value. */
    public record Predictions(double purchaseProbability, double expectedPurchases, double churnProbability,
            String purchaseHorizon, String churnHorizon, String modelVersion) {
    }

    @Override
    public String name() {
        return "predictions";
    }

    @Override
    public Optional<Predictions> read(UserSnapshot user, LocalStores stores) {
        byte[] bytes = stores.<byte[]>keyValueStore(SegmentationTopology.USER_SEGMENT_STORE).get(user.userId());
        if (bytes == null) {
            return Optional.empty();
        }
        CurrentSegment segment = CurrentSegmentCodec.decode(bytes);
        UserPredictions p = segment.predictions();
        if (p == null) {
            return Optional.empty();
        }
        return Optional.of(new Predictions(p.purchaseProbability(), p.expectedPurchases(), p.churnProbability(),
                p.purchaseHorizon().toString(), p.churnHorizon().toString(), segment.modelVersion()));
    }
}
