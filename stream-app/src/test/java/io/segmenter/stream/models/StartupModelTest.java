package io.segmenter.stream.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmenter.model.DemoBundles;
import io.segmenter.model.ModelBundle;
import io.segmenter.stream.config.SegmenterConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupModelTest {

    @TempDir
    Path dir;

    @Test
    void withoutModelFileTheDefaultShippedInTheJarLoads() throws IOException {
        ModelBundle loaded = StartupModel.load(SegmenterConfig.defaults());

        // the resource is models/default/model.zip of the repository, copied by the build
        byte[] shipped = Files.readAllBytes(Path.of("..", "models", "default", "model.zip"));
        assertThat(loaded.fileSha256()).isEqualTo(ModelBundle.sha256Hex(shipped));
    }

    @Test
    void modelFileIsLoadedWhenSet() throws IOException {
        ModelBundle bundle = DemoBundles.defaultBundle();
        Path file = dir.resolve("model.zip");
        bundle.write(file);

        ModelBundle loaded = StartupModel.load(SegmenterConfig.defaults().with("model.file", file.toString()));

        assertThat(loaded.fileSha256()).isEqualTo(bundle.fileSha256());
    }

    @Test
    void missingModelFileIsAStartupErrorNamingTheFile() {
        Path absent = dir.resolve("absent.zip");

        assertThatThrownBy(() -> StartupModel.load(SegmenterConfig.defaults().with("model.file", absent.toString())))
                .isInstanceOf(StartupModel.StartupModelException.class)
                .hasMessageContaining(absent.toAbsolutePath().toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void corruptModelFileIsAStartupErrorWithTheReason() throws IOException {
        Path corrupt = dir.resolve("corrupt.zip");
        Files.write(corrupt, ModelReleases.flippedByte(DemoBundles.defaultBundle()));

        assertThatThrownBy(() -> StartupModel.load(SegmenterConfig.defaults().with("model.file", corrupt.toString())))
                .isInstanceOf(StartupModel.StartupModelException.class)
                .hasMessageContaining(corrupt.toAbsolutePath().toString())
                .hasMessageMatching("(?s).*not a valid model bundle: (UNREADABLE|CHECKSUM_MISMATCH): .*");
    }

    @Test
    void missingDefaultResourceSaysHowToFixIt() {
        assertThatThrownBy(() -> StartupModel.fromClassPath(getClass().getClassLoader(), "no/such/model.zip"))
                .isInstanceOf(StartupModel.StartupModelException.class)
                .hasMessageContaining("no/such/model.zip")
                .hasMessageContaining("model.file");
    }
}
