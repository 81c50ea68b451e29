package io.segmenter.model;

import static io.segmenter.model.BundleRejectedException.Reason.FEATURE_HASH_MISMATCH;
import static io.segmenter.model.BundleRejectedException.Reason.FILE_CHECKSUM_MISMATCH;
import static io.segmenter.model.BundleRejectedException.Reason.GOLDEN_MISMATCH;
import static io.segmenter.model.BundleRejectedException.Reason.INVALID_CALIBRATION;
import static io.segmenter.model.BundleRejectedException.Reason.INVALID_CATALOGUE;
import static io.segmenter.model.BundleRejectedException.Reason.INVALID_GOLDEN;
import static io.segmenter.model.BundleRejectedException.Reason.INVALID_NORMALIZER;
import static io.segmenter.model.BundleRejectedException.Reason.INVALID_THRESHOLD;
import static io.segmenter.model.BundleRejectedException.Reason.MALFORMED_MANIFEST;
import static io.segmenter.model.BundleRejectedException.Reason.MALFORMED_NETWORK;
import static io.segmenter.model.BundleRejectedException.Reason.MISSING_ENTRY;
import static io.segmenter.model.BundleRejectedException.Reason.SHAPE_MISMATCH;
import static io.segmenter.model.BundleRejectedException.Reason.UNEXPECTED_ENTRY;
import static io.segmenter.model.BundleRejectedException.Reason.UNSUPPORTED_FORMAT_VERSION;
import static io.segmenter.model.ModelBundle.ANOMALY_AUTOENCODER;
import static io.segmenter.model.ModelBundle.CALIBRATION;
import static io.segmenter.model.ModelBundle.CONFIGURATION_SUFFIX;
import static io.segmenter.model.ModelBundle.FRAUD_CLASSIFIER;
import static io.segmenter.model.ModelBundle.MANIFEST;
import static io.segmenter.model.ModelBundle.NORMALIZERS;
import static io.segmenter.model.ModelBundle.PARAMETERS_SUFFIX;
import static io.segmenter.model.ModelBundle.PREDICTIVE_HEADS;
import static io.segmenter.model.ModelBundle.PREDICTIVE_MEMBER;
import static io.segmenter.model.ModelBundle.SEGMENT_CLASSIFIER;

import io.segmenter.features.FeatureDefinition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;

/**
 * Loads a bundle only when every check passes, in this order: zip structure, announced file
 * SHA-256 (when given), content checksum, manifest, format version, entry set, feature-definition
 * hash, catalogue, normalizers, calibration, threshold, networks (restore, input and output
 * widths, output activations), golden cases reproduced within {@link #tolerance()}. The first
 * failure throws {@link BundleRejectedException} with its reason; nothing is half-loaded. Stateless
 * and thread-safe.
 */
public final class BundleValidator {

    /** Golden outputs must be reproduced within this, absolutely (relatively for reconstruction errors above 1). */
    public static final double DEFAULT_TOLERANCE = 1e-5;

    /** More ensemble members than this is a malformed bundle, not a bigger model. */
    static final int MAX_PREDICTIVE_MEMBERS = 16;

    private static final Pattern SEGMENT_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern MODEL_VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}");

    private final String expectedFeatureHash;
    private final double tolerance;

    public BundleValidator(String expectedFeatureHash, double tolerance) {
        this.expectedFeatureHash = Objects.requireNonNull(expectedFeatureHash, "expectedFeatureHash");
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in (0, 1): " + tolerance);
        }
        this.tolerance = tolerance;
    }

    /** Validates against {@link FeatureDefinition#versionHash()} of this JVM with {@link #DEFAULT_TOLERANCE}. */
    public static BundleValidator forRunningDefinition() {
        return new BundleValidator(FeatureDefinition.versionHash(), DEFAULT_TOLERANCE);
    }

    public double tolerance() {
        return tolerance;
    }

    /** Validates bundle bytes and returns the loaded bundle. */
    public ModelBundle load(byte[] zip) throws BundleRejectedException {
        return load(BundleArchive.fromZip(Objects.requireNonNull(zip, "zip")));
    }

    /** As {@link #load(byte[])}, first checking the bytes against the SHA-256 a release announced. */
    public ModelBundle load(byte[] zip, String expectedFileSha256) throws BundleRejectedException {
        Objects.requireNonNull(expectedFileSha256, "expectedFileSha256");
        String actual = BundleArchive.sha256Hex(zip);
        if (!actual.equals(expectedFileSha256.toLowerCase(Locale.ROOT))) {
            throw new BundleRejectedException(FILE_CHECKSUM_MISMATCH,
                    "bundle bytes have SHA-256 " + actual + ", the release announced " + expectedFileSha256);
        }
        return load(zip);
    }

    ModelBundle load(BundleArchive archive) throws BundleRejectedException {
        archive.verifyChecksum();
        BundleManifest manifest = BundleJson.read(MANIFEST, archive.require(MANIFEST), BundleManifest.class);
        if (manifest.formatVersion() != ModelBundle.FORMAT_VERSION) {
            throw new BundleRejectedException(UNSUPPORTED_FORMAT_VERSION,
                    "bundle format " + manifest.formatVersion() + ", this code reads format " + ModelBundle.FORMAT_VERSION);
        }
        BundleJson.PredictiveSpec predictive = archive.names().contains(PREDICTIVE_HEADS)
                ? BundleJson.read(BundleJson.NORMALIZER_MAPPER, PREDICTIVE_HEADS, archive.require(PREDICTIVE_HEADS),
                        BundleJson.PredictiveSpec.class)
                : null;
        checkEntries(archive, manifest.fraud().supervisedHead(), predictive == null ? 0 : predictive.members());
        checkFeatureHash(manifest);
        checkIdentity(manifest);
        checkCatalogue(manifest.segments());

        BundleJson.Normalizers normalizers = BundleJson.read(BundleJson.NORMALIZER_MAPPER, NORMALIZERS,
                archive.require(NORMALIZERS), BundleJson.Normalizers.class);
        Standardizer segmentNormalizer = checkNormalizer("segment", normalizers.segment(), FeatureDefinition.SEGMENT);
        Standardizer fraudNormalizer = checkNormalizer("fraud", normalizers.fraud(), FeatureDefinition.FRAUD);

        ScoreCalibration calibration = BundleJson.read(CALIBRATION, archive.require(CALIBRATION), ScoreCalibration.class);
        String calibrationProblem = calibration.problem();
        if (calibrationProblem != null) {
            throw new BundleRejectedException(INVALID_CALIBRATION, CALIBRATION + ": " + calibrationProblem);
        }
        checkThreshold(manifest.fraud());

        int segmentCount = manifest.segments().size();
        int segmentWidth = FeatureDefinition.SEGMENT.size();
        int fraudWidth = FeatureDefinition.FRAUD.size();
        MultiLayerNetwork segment = network(archive, SEGMENT_CLASSIFIER);
        checkShape(SEGMENT_CLASSIFIER, segment, segmentWidth, segmentCount, "the " + segmentCount + " catalogue segments");
        checkOutputActivation(SEGMENT_CLASSIFIER, segment, ActivationSoftmax.class);
        MultiLayerNetwork autoencoder = network(archive, ANOMALY_AUTOENCODER);
        checkShape(ANOMALY_AUTOENCODER, autoencoder, fraudWidth, fraudWidth, "its " + fraudWidth + " FRAUD inputs");
        MultiLayerNetwork fraud = null;
        if (manifest.fraud().supervisedHead()) {
            fraud = network(archive, FRAUD_CLASSIFIER);
            checkFraudHead(fraud, fraudWidth);
        }

        PredictiveHeads heads = predictive == null ? null : predictiveHeads(archive, predictive);

        checkGoldenCases(manifest, segmentCount);
        ModelBundle bundle = new ModelBundle(archive, manifest, segmentNormalizer, fraudNormalizer, calibration,
                segment, autoencoder, fraud, heads);
        checkGoldenOutputs(bundle);
        return bundle;
    }

    private static void checkEntries(BundleArchive archive, boolean supervisedHead, int predictiveMembers)
            throws BundleRejectedException {
        Set<String> required = new TreeSet<>(List.of(BundleArchive.CHECKSUM_ENTRY, MANIFEST, NORMALIZERS, CALIBRATION,
                SEGMENT_CLASSIFIER + CONFIGURATION_SUFFIX, SEGMENT_CLASSIFIER + PARAMETERS_SUFFIX,
                ANOMALY_AUTOENCODER + CONFIGURATION_SUFFIX, ANOMALY_AUTOENCODER + PARAMETERS_SUFFIX));
        if (supervisedHead) {
            required.add(FRAUD_CLASSIFIER + CONFIGURATION_SUFFIX);
            required.add(FRAUD_CLASSIFIER + PARAMETERS_SUFFIX);
        }
        if (archive.names().contains(PREDICTIVE_HEADS)) {
            if (predictiveMembers < 1 || predictiveMembers > MAX_PREDICTIVE_MEMBERS) {
                throw new BundleRejectedException(MALFORMED_MANIFEST, PREDICTIVE_HEADS + " names " + predictiveMembers
                        + " member networks, expected 1 to " + MAX_PREDICTIVE_MEMBERS);
            }
            required.add(PREDICTIVE_HEADS);
            for (int i = 0; i < predictiveMembers; i++) {
                required.add(PREDICTIVE_MEMBER + i + CONFIGURATION_SUFFIX);
                required.add(PREDICTIVE_MEMBER + i + PARAMETERS_SUFFIX);
            }
        }
        for (String name : required) {
            archive.require(name);
        }
        Set<String> unexpected = new TreeSet<>(archive.names());
        unexpected.removeAll(required);
        if (!unexpected.isEmpty()) {
            throw new BundleRejectedException(UNEXPECTED_ENTRY, "entries not defined by format " + ModelBundle.FORMAT_VERSION
                    + (supervisedHead ? "" : " without a supervised head") + ": " + unexpected);
        }
    }

    /**
     * The optional predictive heads: periods, the inputs' normalizer, usable calibrations, members
     * that take the SEGMENT vector and give three finite outputs, and golden raw outputs reproduced
     * within {@link #tolerance()}.
     */
    private PredictiveHeads predictiveHeads(BundleArchive archive, BundleJson.PredictiveSpec spec)
            throws BundleRejectedException {
        Duration purchaseHorizon;
        Duration churnHorizon;
        try {
            purchaseHorizon = Duration.parse(spec.purchaseHorizon());
            churnHorizon = Duration.parse(spec.churnHorizon());
        } catch (RuntimeException e) {
            throw new BundleRejectedException(MALFORMED_MANIFEST, PREDICTIVE_HEADS + ": horizons " + spec.purchaseHorizon()
                    + ", " + spec.churnHorizon() + " are not ISO-8601 durations", e);
        }
        Standardizer normalizer = checkNormalizer("predictive", spec.normalizer(), FeatureDefinition.SEGMENT);
        if (spec.purchase() == null || spec.purchases() == null || spec.churn() == null) {
            throw new BundleRejectedException(INVALID_CALIBRATION, PREDICTIVE_HEADS + " lacks a calibration of a head");
        }
        List<ComputationGraph> members = new ArrayList<>();
        for (int i = 0; i < spec.members(); i++) {
            String name = PREDICTIVE_MEMBER + i;
            members.add(NetworkCodec.decodeGraph(name, archive.require(name + CONFIGURATION_SUFFIX),
                    archive.require(name + PARAMETERS_SUFFIX)));
        }
        PredictiveHeads heads;
        try {
            heads = new PredictiveHeads(purchaseHorizon, churnHorizon, normalizer, members, spec.purchase(),
                    spec.purchases(), spec.churn());
        } catch (IllegalArgumentException e) {
            throw new BundleRejectedException(MALFORMED_MANIFEST, PREDICTIVE_HEADS + ": " + e.getMessage(), e);
        }
        String problem = heads.problem();
        if (problem != null) {
            throw new BundleRejectedException(INVALID_CALIBRATION, PREDICTIVE_HEADS + ": " + problem);
        }
        List<BundleJson.GoldenRaw> golden = spec.golden() == null ? List.of() : spec.golden();
        if (golden.isEmpty()) {
            throw new BundleRejectedException(INVALID_GOLDEN, PREDICTIVE_HEADS + " needs at least one golden case");
        }
        for (int i = 0; i < golden.size(); i++) {
            checkGoldenRow("predictive golden case " + i + " input", golden.get(i).input(), FeatureDefinition.SEGMENT.size());
            checkGoldenRow("predictive golden case " + i + " raw outputs", golden.get(i).raw(),
                    PredictiveNetwork.HEADS.size());
        }
        double[][] actual;
        try {
            actual = heads.raw(golden.stream().map(BundleJson.GoldenRaw::input).toArray(double[][]::new));
        } catch (RuntimeException e) {
            throw new BundleRejectedException(MALFORMED_NETWORK, "the predictive members do not take the "
                    + FeatureDefinition.SEGMENT.size() + " SEGMENT features and give " + PredictiveNetwork.HEADS + ": " + e, e);
        }
        for (int i = 0; i < golden.size(); i++) {
            for (int h = 0; h < PredictiveNetwork.HEADS.size(); h++) {
                compare("predictive golden case " + i + " " + PredictiveNetwork.HEADS.get(h), golden.get(i).raw()[h],
                        actual[i][h]);
            }
        }
        return heads;
    }

    private void checkFeatureHash(BundleManifest manifest) throws BundleRejectedException {
        if (!manifest.featureDefinitionHash().equals(expectedFeatureHash)) {
            throw new BundleRejectedException(FEATURE_HASH_MISMATCH, "bundle was trained on feature definition "
                    + manifest.featureDefinitionHash() + ", this instance runs " + expectedFeatureHash
                    + featureDiff("SEGMENT", manifest.segmentFeatures(), FeatureDefinition.SEGMENT.names())
                    + featureDiff("FRAUD", manifest.fraudFeatures(), FeatureDefinition.FRAUD.names()));
        }
        // the hash matched, so the listed names must be the running ones; anything else is a broken manifest
        if (!manifest.segmentFeatures().equals(FeatureDefinition.SEGMENT.names())
                || !manifest.fraudFeatures().equals(FeatureDefinition.FRAUD.names())) {
            throw new BundleRejectedException(MALFORMED_MANIFEST, "feature names in the manifest differ from the definition"
                    + " whose hash it carries"
                    + featureDiff("SEGMENT", manifest.segmentFeatures(), FeatureDefinition.SEGMENT.names())
                    + featureDiff("FRAUD", manifest.fraudFeatures(), FeatureDefinition.FRAUD.names()));
        }
    }

    private static String featureDiff(String kind, List<String> bundle, List<String> running) {
        if (bundle.equals(running)) {
            return "";
        }
        Set<String> missing = new TreeSet<>(running);
        missing.removeAll(bundle);
        Set<String> extra = new TreeSet<>(bundle);
        extra.removeAll(running);
        return "; " + kind + ": bundle has " + bundle.size() + " features, running " + running.size()
                + (missing.isEmpty() ? "" : ", not in bundle " + missing)
                + (extra.isEmpty() ? "" : ", only in bundle " + extra)
                + (missing.isEmpty() && extra.isEmpty() ? ", same names in another order" : "");
    }

    private static void checkIdentity(BundleManifest manifest) throws BundleRejectedException {
        if (!MODEL_VERSION.matcher(manifest.modelVersion()).matches()) {
            throw new BundleRejectedException(MALFORMED_MANIFEST, "modelVersion '" + manifest.modelVersion()
                    + "' does not match " + MODEL_VERSION.pattern());
        }
        try {
            Instant.parse(manifest.createdTime());
        } catch (DateTimeParseException e) {
            throw new BundleRejectedException(MALFORMED_MANIFEST, "createdTime is not an ISO-8601 instant: "
                    + manifest.createdTime(), e);
        }
        for (Map.Entry<String, Double> metric : manifest.trainingMetrics().entrySet()) {
            if (metric.getValue() == null || !Double.isFinite(metric.getValue())) {
                throw new BundleRejectedException(MALFORMED_MANIFEST, "training metric " + metric.getKey() + " is "
                        + metric.getValue());
            }
        }
    }

    private static void checkCatalogue(List<SegmentInfo> segments) throws BundleRejectedException {
        if (segments.size() < 2) {
            throw new BundleRejectedException(INVALID_CATALOGUE, "needs at least 2 segments, has " + segments.size());
        }
        FeatureDefinition def = FeatureDefinition.SEGMENT;
        Set<String> ids = new HashSet<>();
        for (int k = 0; k < segments.size(); k++) {
            SegmentInfo s = segments.get(k);
            String where = "segment " + k + " (" + s.id() + ")";
            if (!SEGMENT_ID.matcher(s.id()).matches()) {
                throw new BundleRejectedException(INVALID_CATALOGUE, where + ": id is not kebab-case");
            }
            if (!ids.add(s.id())) {
                throw new BundleRejectedException(INVALID_CATALOGUE, where + ": duplicate id");
            }
            if (s.name().isBlank() || s.description().isBlank()) {
                throw new BundleRejectedException(INVALID_CATALOGUE, where + ": name and description must not be blank");
            }
            for (String feature : s.definingFeatures()) {
                if (!def.contains(feature)) {
                    throw new BundleRejectedException(INVALID_CATALOGUE, where + ": defining feature " + feature
                            + " is not a SEGMENT feature");
                }
            }
            if (!s.featureMeans().keySet().equals(new HashSet<>(def.names()))) {
                Set<String> missing = new TreeSet<>(def.names());
                missing.removeAll(s.featureMeans().keySet());
                Set<String> extra = new TreeSet<>(s.featureMeans().keySet());
                extra.removeAll(def.names());
                throw new BundleRejectedException(INVALID_CATALOGUE, where + ": featureMeans must cover exactly the SEGMENT"
                        + " features; missing " + missing + ", unknown " + extra);
            }
            for (Map.Entry<String, Double> mean : s.featureMeans().entrySet()) {
                if (mean.getValue() == null || !Double.isFinite(mean.getValue())) {
                    throw new BundleRejectedException(INVALID_CATALOGUE, where + ": mean of " + mean.getKey() + " is "
                            + mean.getValue());
                }
            }
        }
    }

    /**
     * Checks one stored normalizer against the running definition (names in order, one transform,
     * mean, std and constant flag per feature, known transform names, finite means, finite positive
     * stds) and makes the {@link Standardizer} serving applies.
     */
    static Standardizer checkNormalizer(String which, BundleJson.Normalizer normalizer, FeatureDefinition def)
            throws BundleRejectedException {
        if (normalizer == null) {
            throw new BundleRejectedException(INVALID_NORMALIZER, which + " normalizer is missing");
        }
        for (String field : List.of("names", "transforms", "mean", "std", "constant")) {
            Object value = switch (field) {
                case "names" -> normalizer.names();
                case "transforms" -> normalizer.transforms();
                case "mean" -> normalizer.mean();
                case "std" -> normalizer.std();
                default -> normalizer.constant();
            };
            if (value == null) {
                throw new BundleRejectedException(INVALID_NORMALIZER, which + " normalizer has no " + field
                        + " (format 1 stores names, transforms, mean, std and constant per feature)");
            }
        }
        int d = def.size();
        if (normalizer.mean().length != d || normalizer.std().length != d) {
            throw new BundleRejectedException(INVALID_NORMALIZER, which + " normalizer has " + normalizer.mean().length
                    + " means and " + normalizer.std().length + " standard deviations, " + def + " has " + d
                    + " features");
        }
        if (normalizer.names().size() != d || normalizer.transforms().size() != d || normalizer.constant().length != d) {
            throw new BundleRejectedException(INVALID_NORMALIZER, which + " normalizer has " + normalizer.names().size()
                    + " names, " + normalizer.transforms().size() + " transforms and " + normalizer.constant().length
                    + " constant flags, " + def + " has " + d + " features");
        }
        List<FeatureTransform> transforms = new ArrayList<>(d);
        for (int j = 0; j < d; j++) {
            String name = def.spec(j).name();
            if (!name.equals(normalizer.names().get(j))) {
                throw new BundleRejectedException(INVALID_NORMALIZER, which + " normalizer, feature " + j + " is "
                        + normalizer.names().get(j) + ", " + def + " has " + name + " there");
            }
            FeatureTransform transform = FeatureTransform.byName(normalizer.transforms().get(j));
            if (transform == null) {
                throw new BundleRejectedException(INVALID_NORMALIZER, which + " normalizer, feature " + name
                        + ": unknown transform " + normalizer.transforms().get(j) + " (known: "
                        + Arrays.toString(FeatureTransform.values()) + ")");
            }
            transforms.add(transform);
            double mean = normalizer.mean()[j];
            double std = normalizer.std()[j];
            if (!Double.isFinite(mean) || !Double.isFinite(std) || std <= 0) {
                throw new BundleRejectedException(INVALID_NORMALIZER, which + " normalizer, feature " + name
                        + ": mean " + mean + ", std " + std + " (need finite values and std > 0)");
            }
        }
        return new Standardizer(normalizer.names(), transforms, normalizer.mean(), normalizer.std(),
                normalizer.constant());
    }

    private static void checkThreshold(BundleManifest.FraudSettings fraud) throws BundleRejectedException {
        if (!(fraud.threshold() >= 0 && fraud.threshold() <= 1)) {
            throw new BundleRejectedException(INVALID_THRESHOLD, "fraud threshold " + fraud.threshold() + " is outside [0, 1]");
        }
        if (fraud.score() == FraudScoreSource.SUPERVISED && !fraud.supervisedHead()) {
            throw new BundleRejectedException(INVALID_THRESHOLD, "the threshold applies to the supervised probability,"
                    + " but the bundle has no supervised head");
        }
    }

    private static MultiLayerNetwork network(BundleArchive archive, String name) throws BundleRejectedException {
        return NetworkCodec.decode(name, archive.require(name + CONFIGURATION_SUFFIX), archive.require(name + PARAMETERS_SUFFIX));
    }

    private static void checkShape(String name, MultiLayerNetwork net, int inputs, int outputs, String outputMeaning)
            throws BundleRejectedException {
        int in;
        int out;
        try {
            in = net.layerInputSize(0);
            out = net.layerSize(net.getnLayers() - 1);
        } catch (RuntimeException e) {
            throw new BundleRejectedException(MALFORMED_NETWORK, name + ": layer sizes unavailable: " + e.getMessage(), e);
        }
        if (in != inputs) {
            throw new BundleRejectedException(SHAPE_MISMATCH, name + " takes " + in + " inputs, the feature definition has "
                    + inputs);
        }
        if (out != outputs) {
            throw new BundleRejectedException(SHAPE_MISMATCH, name + " has " + out + " outputs, expected " + outputs
                    + " for " + outputMeaning);
        }
    }

    private static void checkFraudHead(MultiLayerNetwork head, int inputs) throws BundleRejectedException {
        int outputs = head.layerSize(head.getnLayers() - 1);
        if (outputs != 1 && outputs != 2) {
            throw new BundleRejectedException(SHAPE_MISMATCH, FRAUD_CLASSIFIER + " has " + outputs
                    + " outputs, expected 1 (sigmoid P(fraud)) or 2 (softmax P(legit), P(fraud))");
        }
        checkShape(FRAUD_CLASSIFIER, head, inputs, outputs, "a fraud probability");
        checkOutputActivation(FRAUD_CLASSIFIER, head, outputs == 1 ? ActivationSigmoid.class : ActivationSoftmax.class);
    }

    private static void checkOutputActivation(String name, MultiLayerNetwork net, Class<? extends IActivation> expected)
            throws BundleRejectedException {
        Layer last = net.getLayerWiseConfigurations().getConf(net.getnLayers() - 1).getLayer();
        IActivation activation = last instanceof BaseLayer base ? base.getActivationFn() : null;
        if (!expected.isInstance(activation)) {
            throw new BundleRejectedException(MALFORMED_NETWORK, name + ": output activation is " + activation + ", expected "
                    + expected.getSimpleName());
        }
    }

    private static void checkGoldenCases(BundleManifest manifest, int segmentCount) throws BundleRejectedException {
        BundleManifest.Golden golden = manifest.golden();
        if (golden.segment().isEmpty() || golden.fraud().isEmpty()) {
            throw new BundleRejectedException(INVALID_GOLDEN, "needs at least one SEGMENT and one FRAUD golden case, has "
                    + golden.segment().size() + " and " + golden.fraud().size());
        }
        for (int i = 0; i < golden.segment().size(); i++) {
            BundleManifest.GoldenSegmentCase c = golden.segment().get(i);
            checkGoldenRow("SEGMENT golden case " + i + " input", c.input(), FeatureDefinition.SEGMENT.size());
            checkGoldenRow("SEGMENT golden case " + i + " probabilities", c.probabilities(), segmentCount);
        }
        boolean head = manifest.fraud().supervisedHead();
        for (int i = 0; i < golden.fraud().size(); i++) {
            BundleManifest.GoldenFraudCase c = golden.fraud().get(i);
            checkGoldenRow("FRAUD golden case " + i + " input", c.input(), FeatureDefinition.FRAUD.size());
            if (head != (c.supervisedProbability() != null)) {
                throw new BundleRejectedException(INVALID_GOLDEN, "FRAUD golden case " + i + (head
                        ? " lacks the supervised probability the bundle's head produces"
                        : " has a supervised probability but the bundle has no head"));
            }
            if (!Double.isFinite(c.reconstructionError()) || !Double.isFinite(c.anomalyScore()) || !Double.isFinite(c.score())) {
                throw new BundleRejectedException(INVALID_GOLDEN, "FRAUD golden case " + i + " has a non-finite expected output");
            }
        }
    }

    private static void checkGoldenRow(String what, double[] row, int width) throws BundleRejectedException {
        if (row.length != width) {
            throw new BundleRejectedException(INVALID_GOLDEN, what + " has " + row.length + " values, expected " + width);
        }
        for (double v : row) {
            if (!Double.isFinite(v)) {
                throw new BundleRejectedException(INVALID_GOLDEN, what + " has a non-finite value");
            }
        }
    }

    private void checkGoldenOutputs(ModelBundle bundle) throws BundleRejectedException {
        BundleManifest.Golden golden = bundle.manifest().golden();
        List<SegmentScore> segmentScores;
        List<AnomalyScore> fraudScores;
        try {
            BatchScorer scorer = bundle.newScorer();
            segmentScores = scorer.scoreSegments(golden.segment().stream().map(BundleManifest.GoldenSegmentCase::input)
                    .toArray(double[][]::new));
            fraudScores = scorer.scoreFraud(golden.fraud().stream().map(BundleManifest.GoldenFraudCase::input)
                    .toArray(double[][]::new));
        } catch (RuntimeException e) {
            throw new BundleRejectedException(MALFORMED_NETWORK, "scoring the golden cases failed: " + e, e);
        }
        for (int i = 0; i < segmentScores.size(); i++) {
            double[] expected = golden.segment().get(i).probabilities();
            double[] actual = segmentScores.get(i).probabilities();
            for (int k = 0; k < expected.length; k++) {
                compare("SEGMENT golden case " + i + " probability of " + bundle.segment(k).id(), expected[k], actual[k]);
            }
        }
        for (int i = 0; i < fraudScores.size(); i++) {
            BundleManifest.GoldenFraudCase expected = golden.fraud().get(i);
            AnomalyScore actual = fraudScores.get(i);
            String where = "FRAUD golden case " + i + " ";
            compare(where + "reconstruction error", expected.reconstructionError(), actual.reconstructionError());
            compare(where + "reconstruction score", expected.anomalyScore(), actual.reconstructionScore());
            if (expected.supervisedProbability() != null) {
                compare(where + "supervised probability", expected.supervisedProbability(), actual.supervisedProbability());
            }
            compare(where + "score", expected.score(), actual.score());
        }
    }

    private void compare(String what, double expected, double actual) throws BundleRejectedException {
        double allowed = tolerance * Math.max(1.0, Math.abs(expected));
        if (!(Math.abs(expected - actual) <= allowed)) {
            throw new BundleRejectedException(GOLDEN_MISMATCH, String.format(Locale.ROOT,
                    "%s: expected %.9g, got %.9g (tolerance %.1g)", what, expected, actual, allowed));
        }
    }
}
