package io.segmenter.model;

import static io.segmenter.model.BundleRejectedException.Reason.CHECKSUM_MISMATCH;
import static io.segmenter.model.BundleRejectedException.Reason.MISSING_ENTRY;
import static io.segmenter.model.BundleRejectedException.Reason.UNREADABLE;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The entries of a bundle zip, by name, and the content checksum over them. Knows nothing of what
 * the entries mean. Immutable.
 *
 * <p>Content checksum ({@value #CHECKSUM_ENTRY}): lower-case hex SHA-256 over every other entry in
 * ascending name order (names are ASCII, so UTF-16 order is byte order), each fed as its UTF-8
 * name, one 0x00 byte, its length as an 8-byte big-endian integer, then its bytes. The entry holds
 * the 64 hex digits and a newline. Names and lengths are hashed so bytes cannot move between
 * entries unnoticed.
 *
 * <p>The zip is written deterministically (entries in name order, a fixed timestamp), so the same
 * entries always give the same file bytes and the same file SHA-256.
 */
final class BundleArchive {

    static final String CHECKSUM_ENTRY = "checksum.sha256";

    /** Far above any network this project trains; guards against zip bombs. */
    static final long MAX_ENTRY_BYTES = 64L << 20;
    static final long MAX_TOTAL_BYTES = 256L << 20;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private final SortedMap<String, byte[]> entries;

    private BundleArchive(SortedMap<String, byte[]> entries) {
        this.entries = entries;
    }

    /** The entries as given plus a freshly computed {@value #CHECKSUM_ENTRY} (any given one is replaced). */
    static BundleArchive signed(Map<String, byte[]> entries) {
        SortedMap<String, byte[]> copy = new TreeMap<>();
        entries.forEach((name, bytes) -> {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("bad entry name " + name);
            }
            copy.put(name, bytes.clone());
        });
        copy.remove(CHECKSUM_ENTRY);
        copy.put(CHECKSUM_ENTRY, (contentSha256(copy) + "\n").getBytes(StandardCharsets.US_ASCII));
        return new BundleArchive(copy);
    }

    /** Unzips {@code zip}; checks structure only, not the checksum (see {@link #verifyChecksum()}). */
    static BundleArchive fromZip(byte[] zip) throws BundleRejectedException {
        if (zip.length < ZIP_MAGIC.length
                || !Arrays.equals(zip, 0, ZIP_MAGIC.length, ZIP_MAGIC, 0, ZIP_MAGIC.length)) {
            throw new BundleRejectedException(UNREADABLE, "not a zip archive (" + zip.length + " bytes, no PK header)");
        }
        SortedMap<String, byte[]> entries = new TreeMap<>();
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                String name = entry.getName();
                if (entry.isDirectory() || !NAME.matcher(name).matches()) {
                    throw new BundleRejectedException(UNREADABLE, "entry name not allowed in a bundle: " + name);
                }
                byte[] bytes = readCapped(in, name, MAX_TOTAL_BYTES - total);
                total += bytes.length;
                if (entries.put(name, bytes) != null) {
                    throw new BundleRejectedException(UNREADABLE, "duplicate entry " + name);
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new BundleRejectedException(UNREADABLE, "corrupt zip archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BundleRejectedException(UNREADABLE, "cannot read zip archive: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // ZipInputStream reports malformed entry names this way
            throw new BundleRejectedException(UNREADABLE, "corrupt zip archive: " + e.getMessage(), e);
        }
        if (entries.isEmpty()) {
            throw new BundleRejectedException(UNREADABLE, "zip archive has no entries");
        }
        return new BundleArchive(entries);
    }

    private static byte[] readCapped(InputStream in, String name, long budget) throws IOException, BundleRejectedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long limit = Math.min(MAX_ENTRY_BYTES, budget);
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + (long) n > limit) {
                throw new BundleRejectedException(UNREADABLE,
                        "entry " + name + " exceeds the size limit (" + MAX_ENTRY_BYTES + " bytes per entry, "
                                + MAX_TOTAL_BYTES + " in all)");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Rejects with {@code CHECKSUM_MISMATCH} unless {@value #CHECKSUM_ENTRY} matches the other entries. */
    void verifyChecksum() throws BundleRejectedException {
        String stored = new String(require(CHECKSUM_ENTRY), StandardCharsets.US_ASCII).strip();
        if (!stored.matches("[0-9a-f]{64}")) {
            throw new BundleRejectedException(CHECKSUM_MISMATCH,
                    CHECKSUM_ENTRY + " does not hold 64 lower-case hex digits");
        }
        SortedMap<String, byte[]> content = new TreeMap<>(entries);
        content.remove(CHECKSUM_ENTRY);
        String actual = contentSha256(content);
        if (!actual.equals(stored)) {
            throw new BundleRejectedException(CHECKSUM_MISMATCH,
                    "content SHA-256 is " + actual + " but " + CHECKSUM_ENTRY + " says " + stored
                            + " (an entry was changed, added or removed after signing)");
        }
    }

    /** The stored content checksum (64 hex digits). */
    String checksum() {
        byte[] stored = entries.get(CHECKSUM_ENTRY);
        return stored == null ? "" : new String(stored, StandardCharsets.US_ASCII).strip();
    }

    byte[] require(String name) throws BundleRejectedException {
        byte[] bytes = entries.get(name);
        if (bytes == null) {
            throw new BundleRejectedException(MISSING_ENTRY, "the bundle has no entry " + name);
        }
        return bytes;
    }

    boolean has(String name) {
        return entries.containsKey(name);
    }

    /** A copy of the entry's bytes, or {@code null}. */
    byte[] get(String name) {
        byte[] bytes = entries.get(name);
        return bytes == null ? null : bytes.clone();
    }

    /** Entry names in ascending order (unmodifiable). */
    Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /** Name to bytes copies, checksum entry included. */
    Map<String, byte[]> entries() {
        SortedMap<String, byte[]> copy = new TreeMap<>();
        entries.forEach((name, bytes) -> copy.put(name, bytes.clone()));
        return copy;
    }

    byte[] toZip() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    ZipEntry entry = new ZipEntry(e.getKey());
                    entry.setTimeLocal(ENTRY_TIME);
                    out.putNextEntry(entry);
                    out.write(e.getValue());
                    out.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
    }

    static String contentSha256(SortedMap<String, byte[]> content) {
        MessageDigest digest = sha256();
        for (Map.Entry<String, byte[]> e : content.entrySet()) {
            digest.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(ByteBuffer.allocate(Long.BYTES).putLong(e.getValue().length).array());
            digest.update(e.getValue());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
