package io.segmenter.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSourceFilesTest {

    @TempDir
    Path dir;

    @Test
    void severalFilesGetPositionalIdPrefixesAndOneFileNone() throws IOException {
        Path a = Files.writeString(dir.resolve("a.csv"), "1,2,3,pv,1511544070\n");
        Path b = Files.writeString(dir.resolve("b.csv"), "1,2,3,pv,1511544070\n");
        List<DatasetSource> two = DatasetSource.files(List.of(a, b), List.of("taobao", "taobao"));
        List<DatasetSource> one = DatasetSource.files(List.of(a), List.of("taobao"));

        assertThat(DatasetReplay.sorted(two.get(0)).events()).extracting(e -> e.toReplayEvent().userId())
                .containsExactly("s1-1");
        assertThat(DatasetReplay.sorted(two.get(1)).events()).extracting(e -> e.toReplayEvent().userId())
                .containsExactly("s2-1");
        assertThat(DatasetReplay.sorted(one.get(0)).events()).extracting(e -> e.toReplayEvent().userId())
                .containsExactly("1");
    }

    @Test
    void refusesUnpairedUnreadableOrUnknown() throws IOException {
        Path a = Files.writeString(dir.resolve("a.csv"), "");
        assertThatThrownBy(() -> DatasetSource.files(List.of(a), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one --format for every --data");
        assertThatThrownBy(() -> DatasetSource.files(List.of(dir.resolve("missing.csv")), List.of("taobao")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read --data");
        assertThatThrownBy(() -> DatasetSource.files(List.of(a), List.of("nope")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
