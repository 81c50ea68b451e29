package io.segmenter.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes: 0 done, 1 failed with a one-line reason, 2 wrong usage. */
class CliExitCodesTest {

    @TempDir
    Path dir;

    @Test
    void noCommandPrintsTheUsageAndExitsTwo() {
        CliRunner r = CliRunner.run();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("train", "evaluate", "publish", "refresh");
    }

    @Test
    void helpExitsZero() {
        CliRunner r = CliRunner.run("train", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--data", "--format", "--seed", "--out", "--min-segments", "--max-segments",
                "--target-fpr", "--from-topics", "--since");
    }

    @Test
    void wrongUsageExitsTwo() {
        assertThat(CliRunner.run("train", "--bogus").exitCode()).isEqualTo(2);
        assertThat(CliRunner.run("train").exitCode()).as("--out is required").isEqualTo(2);
        assertThat(CliRunner.run("train", "--out", dir.toString(), "--data", "x.csv").exitCode())
                .as("--data without --format").isEqualTo(2);
        assertThat(CliRunner.run("train", "--out", dir.toString(), "--min-segments", "1").exitCode()).isEqualTo(2);
        assertThat(CliRunner.run("train", "--out", dir.toString(), "--cluster-features", "no_such_feature").exitCode())
                .isEqualTo(2);
        assertThat(CliRunner.run("publish", "--model", "m.zip").exitCode()).as("publish needs a broker").isEqualTo(2);
        assertThat(CliRunner.run("train", "--out", dir.toString(), "--from-topics", "user-clicks").exitCode())
                .as("--from-topics needs --bootstrap-servers").isEqualTo(2);
    }

    @Test
    void aMissingBundleFailsWithOneLine() {
        CliRunner r = CliRunner.run("evaluate", "--model", dir.resolve("none.zip").toString(), "--out", dir.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("error: ").contains("none.zip").doesNotContain("\n");
    }

    @Test
    void aCorruptBundleFailsWithTheValidatorsReason() throws Exception {
        Path corrupt = Files.write(dir.resolve("corrupt.zip"), new byte[] {'P', 'K', 3, 4, 0, 0});
        CliRunner r = CliRunner.run("evaluate", "--model", corrupt.toString(), "--out", dir.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("error: ").doesNotContain("\n");
        assertThat(Files.exists(dir.resolve("metrics.json"))).isFalse();
    }
}
