package io.segmenter.model;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Rewrites the checked-in bundle that {@link GoldenVectorTest} pins, and prints the values to pin.
 * Needed only when the bundle format or the feature definition changes:
 *
 * <pre>
 * ./mvnw -q -o -pl model test-compile exec:java -Dexec.mainClass=io.segmenter.model.GoldenFixtureWriter \
 *     -Dexec.args=model/src/test/resources/io/segmenter/model/demo-bundle-format1.zip
 * </pre>
 */
public final class GoldenFixtureWriter {

    private GoldenFixtureWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "demo-bundle-format1.zip");
        ModelBundle bundle = DemoBundles.build(DemoBundles.DEFAULT_SEED);
        bundle.write(out);
        BatchScorer scorer = ModelBundle.read(out).newScorer();
        SegmentScore segment = scorer.scoreSegment(FixedVectors.frequentBuyer());
        AnomalyScore fraud = scorer.scoreFraud(FixedVectors.freshAccountOnSharedDevice());
        AnomalyScore ordinary = scorer.scoreFraud(FixedVectors.ordinaryPurchase());
        System.out.println("wrote " + out.toAbsolutePath() + " sha256 " + bundle.fileSha256());
        System.out.println("frequentBuyer probabilities " + format(segment.probabilities()) + " best " + segment.best());
        System.out.println("freshAccountOnSharedDevice " + format(fraud));
        System.out.println("ordinaryPurchase " + format(ordinary));
    }

    private static String format(double[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.9g", v)).toList().toString();
    }

    private static String format(AnomalyScore s) {
        return String.format(Locale.ROOT, "error %.9g reconstructionScore %.9g supervised %.9g score %.9g",
                s.reconstructionError(), s.reconstructionScore(), s.supervisedProbability(), s.score());
    }
}
