package io.segmenter.features.dataset;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One input of a {@link DatasetReplay}: where the bytes come from (a file or a classpath resource),
 * their format and the id prefix that namespaces their users, events, orders, sessions and devices.
 * Immutable.
 */
public final class DatasetSource {

    /** Opens the bytes afresh on every call. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    private final String name;
    private final DatasetFormat format;
    private final String idPrefix;
    private final Opener opener;

    private DatasetSource(String name, DatasetFormat format, String idPrefix, Opener opener) {
        this.name = Objects.requireNonNull(name, "name");
        this.format = Objects.requireNonNull(format, "format");
        this.idPrefix = Objects.requireNonNull(idPrefix, "idPrefix");
        this.opener = Objects.requireNonNull(opener, "opener");
        new Ids(idPrefix, format); // validates the prefix
    }

    /** A file, named by its path, with no id prefix. */
    public static DatasetSource file(Path file, DatasetFormat format) {
        Objects.requireNonNull(file, "file");
        return new DatasetSource(file.toString(), format, "", () -> Files.newInputStream(file));
    }

    /**
     * Files paired with formats by position, as the CLIs take them ({@code --data F --format X},
     * repeatable). With several files every user id gets the prefix {@code s1-}, {@code s2-}, ... by
     * position, so users of different datasets never collide; the stream's {@code demo} and the
     * trainer use this one rule, so the same command line gives the same ids in both.
     *
     * @throws IllegalArgumentException when the counts differ, a file is unreadable or a format unknown
     */
    public static List<DatasetSource> files(List<Path> files, List<String> formats) {
        if (files.size() != formats.size()) {
            throw new IllegalArgumentException("give one --format for every --data (got " + files.size()
                    + " --data and " + formats.size() + " --format)");
        }
        List<DatasetSource> sources = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("cannot read --data " + file);
            }
            DatasetSource source = file(file, DatasetFormat.fromCliName(formats.get(i)));
            sources.add(files.size() > 1 ? source.withIdPrefix("s" + (i + 1) + "-") : source);
        }
        return List.copyOf(sources);
    }

    /**
     * A classpath resource ({@code ClassLoader} naming: no leading slash), with no id prefix;
     * {@link FileNotFoundException} on reading when it does not exist.
     */
    public static DatasetSource resource(ClassLoader loader, String resource, DatasetFormat format) {
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(resource, "resource");
        return new DatasetSource("classpath:" + resource, format, "", () -> {
            InputStream in = loader.getResourceAsStream(resource);
            if (in == null) {
                throw new FileNotFoundException("no classpath resource " + resource);
            }
            return in;
        });
    }

    /** Any stream, e.g. one that decompresses; {@code name} is how reports call it. */
    public static DatasetSource of(String name, DatasetFormat format, Opener opener) {
        return new DatasetSource(name, format, "", opener);
    }

    /** The same source with another id prefix ({@code ""} for none). */
    public DatasetSource withIdPrefix(String prefix) {
        return new DatasetSource(name, format, prefix, opener);
    }

    public String name() {
        return name;
    }

    public DatasetFormat format() {
        return format;
    }

    public String idPrefix() {
        return idPrefix;
    }

    /** Reads the whole source into memory, in line order. */
    public ReadResult read() throws IOException {
        try (InputStream in = opener.open()) {
            return format.reader().readAll(in, name, idPrefix);
        }
    }

    @Override
    public String toString() {
        return format.cliName() + ":" + name + (idPrefix.isEmpty() ? "" : " (ids " + idPrefix + "*)");
    }
}
