package io.segmenter.trainer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.segmenter.features.dataset.BundledSample;
import io.segmenter.trainer.data.TrainingData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The bundled sample and one training run on it with the defaults (seed {@value #SEED}), made once
 * per test JVM: several test classes look at the same run instead of training again.
 */
final class TrainedSample {

    /** The seed the default model is trained with (the CLI's default). */
    static final long SEED = 42;

    private static TrainingData data;
    private static Trainer.Run run;

    private TrainedSample() {
    }

    /** The repository root (the module runs in {@code <root>/model-trainer}). */
    static Path repositoryRoot() {
        return Path.of("").toAbsolutePath().getParent();
    }

    static synchronized TrainingData data() {
        if (data == null) {
            Optional<Path> dir = BundledSample.find(Path.of(""));
            assumeTrue(dir.isPresent(), "bundled sample not found");
            try {
                data = TrainingData.load(BundledSample.sources(dir.get()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return data;
    }

    /** What {@code train} does with no options on the bundled sample. */
    static Trainer.Options defaults() {
        return Trainer.Options.defaults(SEED);
    }

    static synchronized Trainer.Run run() {
        if (run == null) {
            run = Trainer.train(data(), defaults(), TrainingProgress.SILENT);
        }
        return run;
    }
}
