package io.segmenter.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** The shared demo bundle and ways to damage it, for tests. */
final class TestBundles {

    private TestBundles() {
    }

    /** The default demo bundle, trained once per test JVM. */
    static ModelBundle demo() {
        return DemoBundles.defaultBundle();
    }

    /** Entry name to bytes of bundle bytes that are known to unzip. */
    static Map<String, byte[]> entries(byte[] zip) {
        try {
            return BundleArchive.fromZip(zip).entries();
        } catch (BundleRejectedException e) {
            throw new AssertionError(e);
        }
    }

    /** A bundle of these entries with a correct checksum, as a signing trainer would write it. */
    static byte[] signed(Map<String, byte[]> entries) {
        return BundleArchive.signed(entries).toZip();
    }

    /** A zip of exactly these entries, checksum entry left as given. */
    static byte[] zipAsIs(Map<String, byte[]> entries) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(bytes)) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    out.putNextEntry(new ZipEntry(e.getKey()));
                    out.write(e.getValue());
                    out.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The demo bundle with its manifest edited, then re-signed: only the edit can cause a rejection. */
    static byte[] withManifest(Consumer<ObjectNode> edit) {
        return withJson(ModelBundle.MANIFEST, edit);
    }

    /** The demo bundle with one JSON entry edited, then re-signed. */
    static byte[] withJson(String entry, Consumer<ObjectNode> edit) {
        Map<String, byte[]> entries = entries(demo().toBytes());
        try {
            ObjectNode json = (ObjectNode) BundleJson.MAPPER.readTree(entries.get(entry));
            edit.accept(json);
            entries.put(entry, BundleJson.MAPPER.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return signed(entries);
    }
}
