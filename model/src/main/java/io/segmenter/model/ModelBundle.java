package io.segmenter.model;

import io.segmenter.features.FeatureDefinition;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * One versioned model artifact, shared by serving and training: a zip whose entries are
 *
 * <pre>
 * manifest.json                   format and model version, created time, feature-definition hash,
 *                                 feature names, segment catalogue, fraud threshold, training
 *                                 metrics, golden inputs with expected outputs ({@link BundleManifest})
 * normalizers.json                fitted per-feature name/transform/mean/std/constant for SEGMENT and FRAUD ({@link Standardizer})
 * anomaly-calibration.json        quantiles of the training reconstruction errors ({@link ScoreCalibration})
 * segment-classifier.json/.params DL4J MultiLayerNetwork: SEGMENT features -> softmax over the catalogue
 * anomaly-autoencoder.json/.params DL4J MultiLayerNetwork: FRAUD features -> their reconstruction
 * fraud-classifier.json/.params   optional supervised head: FRAUD features -> sigmoid(1) or softmax(2)
 * predictive-heads.json           optional predictive heads: periods, normalizer, calibrations, golden raw outputs
 * predictive-member-N.json/.params their N-th ensemble member: DL4J ComputationGraph, SEGMENT features -> the
 *                                 three heads ({@link PredictiveHeads}); present exactly with predictive-heads.json
 * checksum.sha256                 SHA-256 of all other entries (see below)
 * </pre>
 *
 * <p>{@code checksum.sha256} holds the lower-case hex SHA-256 over every other entry in ascending
 * name order, each fed as its UTF-8 name, a 0x00 byte, its length as 8 bytes big-endian, then its
 * bytes. The zip itself is written deterministically, so equal contents give equal file bytes;
 * {@link #fileSha256()} is what {@code ModelRelease.checksumSha256} carries.
 *
 * <p>The only ways to get an instance are {@link #read} and {@link Builder#build()}, and both
 * pass {@link BundleValidator}: a {@code ModelBundle} is always complete and valid. Immutable and
 * thread-safe; scoring goes through {@link #newScorer()}, one scorer per thread.
 */
public final class ModelBundle {

    /** The layout version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    static final String MANIFEST = "manifest.json";
    static final String NORMALIZERS = "normalizers.json";
    static final String CALIBRATION = "anomaly-calibration.json";
    static final String SEGMENT_CLASSIFIER = "segment-classifier";
    static final String ANOMALY_AUTOENCODER = "anomaly-autoencoder";
    static final String FRAUD_CLASSIFIER = "fraud-classifier";
    static final String PREDICTIVE_HEADS = "predictive-heads.json";
    static final String PREDICTIVE_MEMBER = "predictive-member-";
    static final String CONFIGURATION_SUFFIX = ".json";
    static final String PARAMETERS_SUFFIX = ".params";

    /** Larger files are not read; a bundle of this project's networks is well under 1 MB. */
    static final long MAX_FILE_BYTES = BundleArchive.MAX_TOTAL_BYTES;

    private final BundleArchive archive;
    private final BundleManifest manifest;
    private final Standardizer segmentNormalizer;
    private final Standardizer fraudNormalizer;
    private final ScoreCalibration calibration;
    // Prototypes are never run, only cloned, so sharing them between threads is safe.
    private final MultiLayerNetwork segmentClassifier;
    private final MultiLayerNetwork autoencoder;
    private final MultiLayerNetwork fraudClassifier;
    private final PredictiveHeads predictiveHeads;
    private final ScoreExplainer explainer;
    private final byte[] zip;
    private final String fileSha256;

    /** Only {@link BundleValidator} calls this, after every check passed. */
    ModelBundle(BundleArchive archive, BundleManifest manifest, Standardizer segmentNormalizer,
                Standardizer fraudNormalizer, ScoreCalibration calibration, MultiLayerNetwork segmentClassifier,
                MultiLayerNetwork autoencoder, MultiLayerNetwork fraudClassifier, PredictiveHeads predictiveHeads) {
        this.archive = archive;
        this.manifest = manifest;
        this.segmentNormalizer = segmentNormalizer;
        this.fraudNormalizer = fraudNormalizer;
        this.calibration = calibration;
        this.segmentClassifier = segmentClassifier;
        this.autoencoder = autoencoder;
        this.fraudClassifier = fraudClassifier;
        this.predictiveHeads = predictiveHeads;
        this.explainer = new ScoreExplainer(manifest.segments(), segmentNormalizer, fraudNormalizer);
        this.zip = archive.toZip();
        this.fileSha256 = BundleArchive.sha256Hex(zip);
    }

    /** Reads and validates a bundle file against the running feature definition. */
    public static ModelBundle read(Path file) throws IOException, BundleRejectedException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new BundleRejectedException(BundleRejectedException.Reason.UNREADABLE,
                    file + " is " + size + " bytes, more than the " + MAX_FILE_BYTES + " a bundle may have");
        }
        return read(Files.readAllBytes(file));
    }

    /** Reads and validates bundle bytes against the running feature definition. */
    public static ModelBundle read(byte[] zip) throws BundleRejectedException {
        return BundleValidator.forRunningDefinition().load(zip);
    }

    /**
     * Reads and validates bundle bytes that a release announced with {@code expectedFileSha256}
     * ({@code ModelRelease.checksumSha256}); a mismatch is {@code FILE_CHECKSUM_MISMATCH}.
     */
    public static ModelBundle read(byte[] zip, String expectedFileSha256) throws BundleRejectedException {
        return BundleValidator.forRunningDefinition().load(zip, expectedFileSha256);
    }

    /** Lower-case hex SHA-256 of {@code bytes}: what {@code ModelRelease.checksumSha256} holds for a bundle file. */
    public static String sha256Hex(byte[] bytes) {
        return BundleArchive.sha256Hex(bytes);
    }

    /** Writes the bundle to {@code file}, atomically where the file system allows. */
    public void write(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        // a sibling, so the move stays on one file system; plain permissions, unlike createTempFile's 0600
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.write(tmp, zip, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The bundle file's bytes (a copy). */
    public byte[] toBytes() {
        return zip.clone();
    }

    /** Lower-case hex SHA-256 of {@link #toBytes()}. */
    public String fileSha256() {
        return fileSha256;
    }

    /** The content checksum stored in {@code checksum.sha256}. */
    public String contentChecksum() {
        return archive.checksum();
    }

    /**
     * A new scorer with its own copies of the networks, for one thread. Cheap enough to call once
     * per stream thread and model version (a few ms); not per batch.
     */
    public BatchScorer newScorer() {
        MultiLayerNetwork segment;
        MultiLayerNetwork anomaly;
        MultiLayerNetwork fraud;
        PredictiveHeads heads;
        synchronized (this) {
            segment = segmentClassifier.clone();
            anomaly = autoencoder.clone();
            fraud = fraudClassifier == null ? null : fraudClassifier.clone();
            heads = predictiveHeads == null ? null : predictiveHeads.copy();
        }
        return new BatchScorer(manifest.modelVersion(), segmentNormalizer, fraudNormalizer, calibration,
                manifest.fraud().score(), segment, anomaly, fraud).withPredictiveHeads(heads);
    }

    /** Reasons for segment assignments and fraud scores; thread-safe. */
    public ScoreExplainer explainer() {
        return explainer;
    }

    public BundleManifest manifest() {
        return manifest;
    }

    public String modelVersion() {
        return manifest.modelVersion();
    }

    public Instant createdTime() {
        return manifest.createdInstant();
    }

    public String featureDefinitionHash() {
        return manifest.featureDefinitionHash();
    }

    /** The catalogue; a segment's index is its classifier output column and {@link SegmentScore#best()}. */
    public List<SegmentInfo> segments() {
        return manifest.segments();
    }

    public SegmentInfo segment(int index) {
        return manifest.segments().get(index);
    }

    public int segmentCount() {
        return manifest.segments().size();
    }

    /** A purchase is suspicious when {@link AnomalyScore#score()} is at or above this. */
    public double fraudThreshold() {
        return manifest.fraud().threshold();
    }

    public FraudScoreSource fraudScoreSource() {
        return manifest.fraud().score();
    }

    public boolean hasSupervisedFraudHead() {
        return fraudClassifier != null;
    }

    /**
     * What the bundle predicts about each user's next periods, with its own copies of the networks
     * (a few ms: for one thread, not per batch; the stream scores through {@link #newScorer()});
     * empty for a bundle trained without them.
     */
    public Optional<PredictiveHeads> predictiveHeads() {
        if (predictiveHeads == null) {
            return Optional.empty();
        }
        synchronized (this) {
            return Optional.of(predictiveHeads.copy());
        }
    }

    public Map<String, Double> trainingMetrics() {
        return manifest.trainingMetrics();
    }

    public Standardizer segmentNormalizer() {
        return segmentNormalizer;
    }

    public Standardizer fraudNormalizer() {
        return fraudNormalizer;
    }

    public ScoreCalibration anomalyCalibration() {
        return calibration;
    }

    /** The entries of the bundle, name to bytes (copies); for tools and tests. */
    Map<String, byte[]> entries() {
        return archive.entries();
    }

    @Override
    public String toString() {
        return "ModelBundle[" + manifest.modelVersion() + ", " + segmentCount() + " segments, sha256 " + fileSha256 + "]";
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Assembles a bundle from trained parts; what the trainer uses. {@link #build()} computes the
     * golden outputs from the networks as they will be loaded, then runs the same validation as
     * {@link ModelBundle#read}, so a built bundle always loads.
     */
    public static final class Builder {

        private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}");

        private String modelVersion;
        private Instant createdTime;
        private MultiLayerNetwork segmentClassifier;
        private Standardizer segmentNormalizer;
        private List<SegmentInfo> segments;
        private MultiLayerNetwork autoencoder;
        private MultiLayerNetwork fraudClassifier;
        private Standardizer fraudNormalizer;
        private ScoreCalibration calibration;
        private double[][] calibrationRows;
        private Double fraudThreshold;
        private FraudScoreSource fraudScoreSource;
        private final Map<String, Double> trainingMetrics = new TreeMap<>();
        private final List<double[]> goldenSegmentInputs = new ArrayList<>();
        private final List<double[]> goldenFraudInputs = new ArrayList<>();
        private String notes;
        private PredictiveHeads predictiveHeads;

        private Builder() {
        }

        /** Unique per training run: letters, digits and {@code . _ : + -}, at most 128 characters. */
        public Builder modelVersion(String modelVersion) {
            this.modelVersion = modelVersion;
            return this;
        }

        public Builder createdTime(Instant createdTime) {
            this.createdTime = createdTime;
            return this;
        }

        /** SEGMENT features (standardized) in, softmax over {@code segments} out. */
        public Builder segmentClassifier(MultiLayerNetwork network, Standardizer normalizer, List<SegmentInfo> segments) {
            this.segmentClassifier = network;
            this.segmentNormalizer = normalizer;
            this.segments = List.copyOf(segments);
            return this;
        }

        /** FRAUD features (standardized) in, their reconstruction out. */
        public Builder anomalyModel(MultiLayerNetwork autoencoder, Standardizer normalizer) {
            this.autoencoder = autoencoder;
            this.fraudNormalizer = normalizer;
            return this;
        }

        /** An explicit calibration of reconstruction errors. */
        public Builder anomalyCalibration(ScoreCalibration calibration) {
            this.calibration = calibration;
            this.calibrationRows = null;
            return this;
        }

        /**
         * Calibrates on the reconstruction errors of these raw FRAUD rows (typically the legitimate
         * training purchases), with {@link ScoreCalibration#DEFAULT_POINTS} quantiles.
         */
        public Builder calibrateAnomalyOn(double[][] fraudRows) {
            this.calibrationRows = fraudRows.clone();
            this.calibration = null;
            return this;
        }

        /** Optional supervised head over the same standardized FRAUD features: sigmoid (1 output) or softmax (2). */
        public Builder fraudClassifier(MultiLayerNetwork network) {
            this.fraudClassifier = network;
            return this;
        }

        public Builder fraudThreshold(double threshold, FraudScoreSource appliesTo) {
            this.fraudThreshold = threshold;
            this.fraudScoreSource = appliesTo;
            return this;
        }

        /** Adds metrics; values must be finite (leave out what was not measured). */
        public Builder trainingMetrics(Map<String, Double> metrics) {
            this.trainingMetrics.putAll(metrics);
            return this;
        }

        public Builder trainingMetric(String name, double value) {
            this.trainingMetrics.put(name, value);
            return this;
        }

        /** A raw SEGMENT row whose probabilities the bundle pins. At least one is required. */
        public Builder goldenSegmentInput(double[] row) {
            goldenSegmentInputs.add(row.clone());
            return this;
        }

        /** A raw FRAUD row whose scores the bundle pins. At least one is required. */
        public Builder goldenFraudInput(double[] row) {
            goldenFraudInputs.add(row.clone());
            return this;
        }

        /** Optional predictive heads over the SEGMENT features. */
        public Builder predictiveHeads(PredictiveHeads heads) {
            this.predictiveHeads = heads;
            return this;
        }

        public Builder notes(String notes) {
            this.notes = notes;
            return this;
        }

        /**
         * The bundle. {@link IllegalStateException} when a required part is missing;
         * {@link IllegalArgumentException} (its cause a {@link BundleRejectedException}) when the
         * parts would make a bundle that does not load.
         */
        public ModelBundle build() {
            require(modelVersion, "modelVersion");
            require(createdTime, "createdTime");
            require(segmentClassifier, "segmentClassifier");
            require(segmentNormalizer, "segment normalizer");
            require(segments, "segments");
            require(autoencoder, "anomalyModel");
            require(fraudNormalizer, "fraud normalizer");
            require(fraudThreshold, "fraudThreshold");
            require(fraudScoreSource, "fraud score source");
            if (calibration == null && calibrationRows == null) {
                throw new IllegalStateException("anomaly calibration not set: call anomalyCalibration or calibrateAnomalyOn");
            }
            if (goldenSegmentInputs.isEmpty() || goldenFraudInputs.isEmpty()) {
                throw new IllegalStateException("at least one golden SEGMENT and one golden FRAUD input are required");
            }
            if (!VERSION.matcher(modelVersion).matches()) {
                throw new IllegalArgumentException("modelVersion must match " + VERSION.pattern() + ": " + modelVersion);
            }
            try {
                return assemble();
            } catch (BundleRejectedException e) {
                throw new IllegalArgumentException("the bundle would be rejected: " + e.getMessage(), e);
            }
        }

        private ModelBundle assemble() throws BundleRejectedException {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            putNetwork(entries, SEGMENT_CLASSIFIER, segmentClassifier);
            putNetwork(entries, ANOMALY_AUTOENCODER, autoencoder);
            if (fraudClassifier != null) {
                putNetwork(entries, FRAUD_CLASSIFIER, fraudClassifier);
            }
            // golden outputs and the calibration come from the networks exactly as a reader restores them
            MultiLayerNetwork segment = decode(entries, SEGMENT_CLASSIFIER);
            MultiLayerNetwork anomaly = decode(entries, ANOMALY_AUTOENCODER);
            MultiLayerNetwork fraud = fraudClassifier == null ? null : decode(entries, FRAUD_CLASSIFIER);
            ScoreCalibration fitted = calibration != null ? calibration
                    : ScoreCalibration.fit(BatchScorer.reconstructionErrors(anomaly, fraudNormalizer, calibrationRows),
                            ScoreCalibration.DEFAULT_POINTS);
            BatchScorer scorer = new BatchScorer(modelVersion, segmentNormalizer, fraudNormalizer, fitted,
                    fraudScoreSource, segment, anomaly, fraud);

            List<BundleManifest.GoldenSegmentCase> goldenSegments = new ArrayList<>();
            List<SegmentScore> segmentScores = scorer.scoreSegments(goldenSegmentInputs.toArray(double[][]::new));
            for (int i = 0; i < segmentScores.size(); i++) {
                goldenSegments.add(new BundleManifest.GoldenSegmentCase(goldenSegmentInputs.get(i),
                        segmentScores.get(i).probabilities()));
            }
            List<BundleManifest.GoldenFraudCase> goldenFraud = new ArrayList<>();
            List<AnomalyScore> fraudScores = scorer.scoreFraud(goldenFraudInputs.toArray(double[][]::new));
            for (int i = 0; i < fraudScores.size(); i++) {
                AnomalyScore s = fraudScores.get(i);
                goldenFraud.add(new BundleManifest.GoldenFraudCase(goldenFraudInputs.get(i), s.reconstructionError(),
                        s.reconstructionScore(), s.hasSupervisedProbability() ? s.supervisedProbability() : null,
                        s.score()));
            }

            BundleManifest manifest = new BundleManifest(FORMAT_VERSION, modelVersion, createdTime.toString(),
                    FeatureDefinition.versionHash(), FeatureDefinition.SEGMENT.names(), FeatureDefinition.FRAUD.names(),
                    segments, new BundleManifest.FraudSettings(fraudThreshold, fraudScoreSource, fraudClassifier != null),
                    trainingMetrics, new BundleManifest.Golden(goldenSegments, goldenFraud), notes);
            entries.put(MANIFEST, BundleJson.write(manifest));
            entries.put(NORMALIZERS, BundleJson.write(BundleJson.Normalizers.of(segmentNormalizer, fraudNormalizer)));
            entries.put(CALIBRATION, BundleJson.write(fitted));
            if (predictiveHeads != null) {
                putPredictiveHeads(entries, predictiveHeads, goldenSegmentInputs);
            }
            return BundleValidator.forRunningDefinition().load(BundleArchive.signed(entries));
        }

        private static void putNetwork(Map<String, byte[]> entries, String name, MultiLayerNetwork net) {
            entries.put(name + CONFIGURATION_SUFFIX, NetworkCodec.configuration(net));
            entries.put(name + PARAMETERS_SUFFIX, NetworkCodec.parameters(net));
        }

        /** The heads' entries, with golden raw outputs computed from the members exactly as a reader restores them. */
        private static void putPredictiveHeads(Map<String, byte[]> entries, PredictiveHeads heads, List<double[]> golden)
                throws BundleRejectedException {
            List<ComputationGraph> restored = new ArrayList<>();
            for (int i = 0; i < heads.members().size(); i++) {
                String name = PREDICTIVE_MEMBER + i;
                entries.put(name + CONFIGURATION_SUFFIX, NetworkCodec.configuration(heads.members().get(i)));
                entries.put(name + PARAMETERS_SUFFIX, NetworkCodec.parameters(heads.members().get(i)));
                restored.add(NetworkCodec.decodeGraph(name, entries.get(name + CONFIGURATION_SUFFIX),
                        entries.get(name + PARAMETERS_SUFFIX)));
            }
            double[][] inputs = golden.toArray(double[][]::new);
            double[][] raw = PredictiveHeads.meanOutput(restored, heads.standardizer(), inputs);
            List<BundleJson.GoldenRaw> cases = new ArrayList<>();
            for (int i = 0; i < inputs.length; i++) {
                cases.add(new BundleJson.GoldenRaw(inputs[i], raw[i]));
            }
            entries.put(PREDICTIVE_HEADS, BundleJson.write(new BundleJson.PredictiveSpec(heads.purchaseHorizon().toString(),
                    heads.churnHorizon().toString(), heads.members().size(), BundleJson.Normalizer.of(heads.standardizer()),
                    heads.purchase(), heads.purchases(), heads.churn(), cases)));
        }

        private static MultiLayerNetwork decode(Map<String, byte[]> entries, String name) throws BundleRejectedException {
            return NetworkCodec.decode(name, entries.get(name + CONFIGURATION_SUFFIX), entries.get(name + PARAMETERS_SUFFIX));
        }

        private static void require(Object value, String what) {
            if (value == null) {
                throw new IllegalStateException(what + " not set");
            }
        }
    }
}
