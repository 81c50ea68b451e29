package io.segmenter.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample in {@code data/sample}: always present, counts as its README states. */
class BundledSampleTest {

    private static DatasetSource source(DatasetFormat format) throws IOException {
        return BundledSample.sources(TestData.sampleDir()).stream().filter(s -> s.format() == format)
                .findFirst().orElseThrow();
    }

    private static Map<ClickType, Long> clicksByType(ReadResult r) {
        return r.events().stream().filter(e -> e instanceof DatasetEvent.Click)
                .collect(Collectors.groupingBy(e -> ((DatasetEvent.Click) e).event().getType(),
                        () -> new EnumMap<>(ClickType.class), Collectors.counting()));
    }

    private static long distinctUsers(ReadResult r) {
        return r.events().stream().map(DatasetEvent::userId).distinct().count();
    }

    @Test
    void manifestListsTheThreeSampleFilesWithFormatAndIdPrefix() throws IOException {
        List<DatasetSource> sources = BundledSample.sources(TestData.sampleDir());

        assertThat(sources).extracting(s -> Path.of(s.name()).getFileName().toString(), DatasetSource::format,
                DatasetSource::idPrefix).containsExactly(
                        tuple("taobao-userbehavior-150users.csv", DatasetFormat.TAOBAO, "tb-"),
                        tuple("rees46-2019-oct-head4000.csv", DatasetFormat.REES46, "rees-"),
                        tuple("fraud-data-head4000.csv", DatasetFormat.FRAUD_DATA, "fd-"));
        long bytes = 0;
        for (DatasetSource s : sources) {
            bytes += Files.size(Path.of(s.name()));
        }
        assertThat(bytes).isLessThan(2_000_000L);
    }

    @Test
    void taobaoSampleHolds150WholeUsersAndEndsWithTheTruncatedLine() throws IOException {
        ReadResult r = source(DatasetFormat.TAOBAO).read();

        assertThat(r.report().linesRead()).isEqualTo(16_506);
        assertThat(r.report().events()).isEqualTo(16_505);
        assertThat(r.report().firstMalformed()).extracting(MalformedLine::lineNumber, MalformedLine::excerpt)
                .containsExactly(tuple(16_506L, "100370,1968385,1875258,pv"));
        assertThat(clicksByType(r)).containsOnly(Map.entry(ClickType.VIEW, 14_920L), Map.entry(ClickType.CART, 805L),
                Map.entry(ClickType.WISHLIST, 446L));
        assertThat(r.events()).filteredOn(e -> e instanceof DatasetEvent.Purchase).hasSize(334);
        assertThat(distinctUsers(r)).isEqualTo(150);
        assertThat(r.events()).allSatisfy(e -> assertThat(e.userId()).startsWith("tb-"));
    }

    @Test
    void rees46SampleHoldsTheFirst4000Rows() throws IOException {
        ReadResult r = source(DatasetFormat.REES46).read();

        assertThat(r.report().linesRead()).isEqualTo(4_000);
        assertThat(r.report().malformedLines()).isZero();
        assertThat(clicksByType(r)).containsOnly(Map.entry(ClickType.VIEW, 3_918L), Map.entry(ClickType.CART, 36L));
        List<PurchaseEvent> purchases = r.events().stream().filter(e -> e instanceof DatasetEvent.Purchase)
                .map(e -> (PurchaseEvent) e.record()).toList();
        assertThat(purchases).hasSize(46);
        assertThat(purchases.stream().mapToLong(PurchaseEvent::getAmountMinor).sum()).isEqualTo(1_294_695L);
        assertThat(distinctUsers(r)).isEqualTo(1_490);
        assertThat(new HashSet<>(r.events().stream().filter(e -> e instanceof DatasetEvent.Click)
                .map(e -> ((ClickEvent) e.record()).getSessionId()).toList())).hasSize(1_612);
        assertThat(r.report().lastEventTime()).contains(Instant.parse("2019-10-01T02:26:05Z"));
    }

    @Test
    void fraudSampleHoldsTheFirst4000RowsWithBothClasses() throws IOException {
        ReadResult r = source(DatasetFormat.FRAUD_DATA).read();

        assertThat(r.report().linesRead()).isEqualTo(4_000);
        assertThat(r.report().malformedLines()).isZero();
        assertThat(r.events().stream().collect(Collectors.groupingBy(e -> e.label().orElseThrow(), Collectors.counting())))
                .containsOnly(Map.entry(0, 3_601L), Map.entry(1, 399L));
        assertThat(distinctUsers(r)).isEqualTo(4_000);
        assertThat(r.events().stream().map(e -> ((PurchaseEvent) e.record()).getDeviceId()).distinct().count())
                .isEqualTo(3_960);
        assertThat(r.events()).filteredOn(e -> {
            PurchaseEvent p = (PurchaseEvent) e.record();
            return !p.getEventTime().isAfter(p.getAccountCreatedTime().plusSeconds(60));
        }).hasSize(212).allSatisfy(e -> assertThat(e.label()).hasValue(1));
    }

    @Test
    void sampleFilesKeepTheQuirksOfTheOriginals() throws IOException {
        Path dir = TestData.sampleDir();
        byte[] taobao = Files.readAllBytes(dir.resolve("taobao-userbehavior-150users.csv"));
        byte[] rees = Files.readAllBytes(dir.resolve("rees46-2019-oct-head4000.csv"));
        byte[] fraud = Files.readAllBytes(dir.resolve("fraud-data-head4000.csv"));

        assertThat(new String(taobao, StandardCharsets.UTF_8)).doesNotContain("\r").endsWith("\n100370,1968385,1875258,pv");
        assertThat(new String(rees, StandardCharsets.UTF_8)).startsWith("event_time,").endsWith("\r\n")
                .doesNotContainPattern("[^\r]\n");
        assertThat(new String(fraud, StandardCharsets.UTF_8)).startsWith("\uFEFFuser_id,").endsWith("\r\n")
                .doesNotContainPattern("[^\r]\n");
    }

    @Test
    void replayOfTheSampleIsSortedEndsTogetherAndAccountsForEveryLine() throws IOException {
        DatasetReplay.Result r = BundledSample.replay(BundledSample.sources(TestData.sampleDir())).load();

        assertThat(r.events()).hasSize(16_505 + 4_000 + 4_000).isSortedAccordingTo(DatasetEvent.BY_EVENT_TIME);
        // every sample format makes one event per accepted line and skips nothing, so lines = events + malformed
        assertThat(r.linesRead()).isEqualTo(24_506).isEqualTo(r.events().size() + r.malformedLines());
        assertThat(r.malformedLines()).isEqualTo(1);
        Instant end = Instant.parse("2019-10-01T02:26:05Z");
        assertThat(r.events().get(r.events().size() - 1).eventTime()).isEqualTo(end);
        assertThat(r.sources()).extracting(s -> s.report().lastEventTime().orElseThrow().plus(s.shift()))
                .containsOnly(end);
        assertThat(r.sources()).extracting(DatasetReplay.SourceResult::shift).containsExactly(
                Duration.between(Instant.parse("2017-12-03T15:59:18Z"), end), Duration.ZERO,
                Duration.between(Instant.parse("2015-12-13T10:36:00Z"), end));
    }

    @Test
    void readsAManifestAndItsFilesFromTheClasspath() throws IOException {
        List<DatasetSource> sources = BundledSample.classpathSources(getClass().getClassLoader(),
                "io/segmenter/features/dataset/mini-sample");

        assertThat(sources).extracting(DatasetSource::name, DatasetSource::format, DatasetSource::idPrefix).containsExactly(
                tuple("classpath:io/segmenter/features/dataset/mini-sample/taobao.csv", DatasetFormat.TAOBAO, "tb-"),
                tuple("classpath:io/segmenter/features/dataset/mini-sample/cdnow.txt", DatasetFormat.CDNOW, "cd-"));
        assertThat(BundledSample.replay(sources).load().events()).hasSize(8);
        assertThatThrownBy(() -> BundledSample.classpathSources(getClass().getClassLoader(), "no/such/dir/"))
                .isInstanceOf(FileNotFoundException.class).hasMessageContaining("no/such/dir/manifest.tsv");
    }

    @Test
    void findsTheSampleFromAnyDirectoryBelowTheRepositoryRootOnly(@TempDir Path elsewhere) {
        assertThat(BundledSample.find(TestData.repoRoot().resolve("features").resolve("src")))
                .contains(TestData.sampleDir());
        assertThat(BundledSample.find(elsewhere)).isEmpty();
    }

    @Test
    void rejectsAManifestLineWithAnUnknownFormat(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(BundledSample.MANIFEST), "x.csv\tretail\tr-\n");

        assertThatThrownBy(() -> BundledSample.sources(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("line 1: unknown dataset format 'retail'");
    }
}
