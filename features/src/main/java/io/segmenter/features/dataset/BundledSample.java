package io.segmenter.features.dataset;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The small real-data sample shipped in the repository under {@code data/sample/}, described by its
 * {@value #MANIFEST} (one source per line: {@code file<TAB>format<TAB>idPrefix}; {@code #} starts a
 * comment). Read it from the directory, or from the classpath when a build packages the directory
 * as resources.
 *
 * <pre>{@code
 * Path dir = BundledSample.find(Path.of("")).orElseThrow();
 * DatasetReplay.Result r = BundledSample.replay(BundledSample.sources(dir)).load();
 * }</pre>
 */
public final class BundledSample {

    /** The sample's directory, relative to the repository root. */
    public static final Path DIRECTORY = Path.of("data", "sample");

    /** Name of the manifest file in the sample directory. */
    public static final String MANIFEST = "manifest.tsv";

    private BundledSample() {
    }

    /** {@code data/sample} under {@code start} or under its nearest ancestor that has one with a manifest. */
    public static Optional<Path> find(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(DIRECTORY);
            if (Files.isRegularFile(candidate.resolve(MANIFEST))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The sources listed in {@code sampleDir}'s manifest, as files, with their id prefixes. */
    public static List<DatasetSource> sources(Path sampleDir) throws IOException {
        List<DatasetSource> out = new ArrayList<>();
        Path manifest = sampleDir.resolve(MANIFEST);
        try (InputStream in = Files.newInputStream(manifest)) {
            for (Entry e : parse(in, manifest.toString())) {
                out.add(DatasetSource.file(sampleDir.resolve(e.file()), e.format()).withIdPrefix(e.idPrefix()));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The sources listed in the manifest at {@code base + MANIFEST} on the classpath, as resources
     * under {@code base} (e.g. {@code "segmenter/sample/"}); {@link FileNotFoundException} without one.
     */
    public static List<DatasetSource> classpathSources(ClassLoader loader, String base) throws IOException {
        Objects.requireNonNull(loader, "loader");
        String prefix = base.isEmpty() || base.endsWith("/") ? base : base + "/";
        List<DatasetSource> out = new ArrayList<>();
        try (InputStream in = loader.getResourceAsStream(prefix + MANIFEST)) {
            if (in == null) {
                throw new FileNotFoundException("no classpath resource " + prefix + MANIFEST);
            }
            for (Entry e : parse(in, "classpath:" + prefix + MANIFEST)) {
                out.add(DatasetSource.resource(loader, prefix + e.file(), e.format()).withIdPrefix(e.idPrefix()));
            }
        }
        return List.copyOf(out);
    }

    /** A replay of the sample: every source, shifted to end at the same instant as the latest-ending one. */
    public static DatasetReplay replay(List<DatasetSource> sources) {
        return DatasetReplay.builder().addAll(sources).alignEnds().build();
    }

    /** One manifest line. */
    record Entry(String file, DatasetFormat format, String idPrefix) {
    }

    static List<Entry> parse(InputStream in, String name) throws IOException {
        List<Entry> entries = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int n = 0;
        while ((line = reader.readLine()) != null) {
            n++;
            String content = line.strip();
            if (content.isEmpty() || content.startsWith("#")) {
                continue;
            }
            String[] f = content.split("\t");
            if (f.length != 3) {
                throw new IOException(name + " line " + n + ": expected file<TAB>format<TAB>idPrefix, found '" + line + "'");
            }
            try {
                entries.add(new Entry(f[0].strip(), DatasetFormat.fromCliName(f[1]), f[2].strip()));
            } catch (IllegalArgumentException e) {
                throw new IOException(name + " line " + n + ": " + e.getMessage(), e);
            }
        }
        return entries;
    }
}
