package io.segmenter.stream.models;

import io.segmenter.model.BundleRejectedException;
import io.segmenter.model.ModelBundle;
import io.segmenter.stream.config.SegmenterConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model an instance serves from its first batch: {@code model.file} when set, else the
 * default bundle shipped in the jar ({@value #DEFAULT_RESOURCE}, built from
 * {@code models/default/model.zip}). Either is fully validated; a missing or invalid one stops the
 * start with a {@link StartupModelException} naming the file and the reason. The models topic
 * may replace it afterwards.
 */
public final class StartupModel {

    /** Where the default bundle sits on the class path. */
    public static final String DEFAULT_RESOURCE = "io/segmenter/stream/models/default/model.zip";

    private StartupModel() {
    }

    /** A startup model that cannot be loaded: which one, and why. */
    public static final class StartupModelException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        StartupModelException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static ModelBundle load(SegmenterConfig config) {
        String file = config.get("model.file").trim();
        return file.isEmpty() ? fromClassPath(StartupModel.class.getClassLoader(), DEFAULT_RESOURCE) : fromFile(Path.of(file));
    }

    static ModelBundle fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StartupModelException("model.file " + file.toAbsolutePath() + " does not exist or is not a file", null);
        }
        try {
            return ModelBundle.read(file);
        } catch (IOException e) {
            throw new StartupModelException("cannot read model.file " + file.toAbsolutePath() + ": " + e, e);
        } catch (BundleRejectedException e) {
            throw new StartupModelException("model.file " + file.toAbsolutePath() + " is not a valid model bundle: "
                    + e.getMessage(), e);
        }
    }

    static ModelBundle fromClassPath(ClassLoader loader, String resource) {
        byte[] zip;
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new StartupModelException("no default model in this build (class-path resource " + resource
                        + ", packaged from models/default/model.zip): set model.file", null);
            }
            zip = in.readAllBytes();
        } catch (IOException e) {
            throw new StartupModelException("cannot read the default model (class-path resource " + resource + "): " + e, e);
        }
        try {
            return ModelBundle.read(zip);
        } catch (BundleRejectedException e) {
            throw new StartupModelException("the default model (class-path resource " + resource
                    + ") is not a valid model bundle: " + e.getMessage() + "; rebuild models/default/model.zip or set model.file", e);
        }
    }
}
