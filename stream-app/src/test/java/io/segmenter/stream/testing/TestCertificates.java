package io.segmenter.stream.testing;

import io.segmenter.stream.broker.KeyStoreFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and the PKCS12 stores signed by it, made with the JDK's own
 * {@code keytool} (no dependency): a broker key store for {@code 127.0.0.1}/{@code localhost}, a
 * trust store holding the CA, and on request client key stores for mutual TLS. Keys are EC P-256,
 * valid for two days; every store has its own random password (the key inside has the same).
 *
 * <pre>{@code
 * TestCertificates certs = TestCertificates.create(tempDir);
 * broker.saslSslListener("SECURE", certs.broker(), users);
 * props.put("ssl.truststore.location", certs.truststore().location().toString());
 * }</pre>
 */
public final class TestCertificates {

    private static final String TYPE = "PKCS12";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 30;

    private final Path directory;
    private final KeyStoreFile ca;
    private final KeyStoreFile broker;
    private final KeyStoreFile truststore;
    private final Path caCertificate;

    private TestCertificates(Path directory, KeyStoreFile ca, KeyStoreFile broker, KeyStoreFile truststore, Path caCertificate) {
        this.directory = directory;
        this.ca = ca;
        this.broker = broker;
        this.truststore = truststore;
        this.caCertificate = caCertificate;
    }

    /** Creates the CA, the broker's key store and the trust store under {@code directory}. */
    public static TestCertificates create(Path directory) {
        KeyStoreFile ca = store(directory.resolve("ca.p12"), password());
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=segmenter-test-ca", "-ext", "bc:c", "-keystore", ca.location().toString(),
                "-storetype", TYPE, "-storepass", ca.password(), "-keypass", ca.password());
        Path caCertificate = directory.resolve("ca.crt");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-file", caCertificate.toString(),
                "-keystore", ca.location().toString(), "-storetype", TYPE, "-storepass", ca.password());

        KeyStoreFile truststore = store(directory.resolve("truststore.p12"), password());
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCertificate.toString(),
                "-keystore", truststore.location().toString(), "-storetype", TYPE, "-storepass", truststore.password());

        TestCertificates certificates = new TestCertificates(directory, ca, null, truststore, caCertificate);
        KeyStoreFile broker = certificates.signedKeyStore("broker", "CN=localhost", "SAN=IP:127.0.0.1,DNS:localhost");
        return new TestCertificates(directory, ca, broker, truststore, caCertificate);
    }

    /** The broker's key and its CA-signed certificate (subject alternative names 127.0.0.1 and localhost). */
    public KeyStoreFile broker() {
        return broker;
    }

    /** Trusts the CA: both the clients' and, for mutual TLS, the broker's trust store. */
    public KeyStoreFile truststore() {
        return truststore;
    }

    /** The CA certificate, PEM. */
    public Path caCertificate() {
        return caCertificate;
    }

    /** A new client key store whose certificate, signed by the CA, names {@code CN=<commonName>}. */
    public KeyStoreFile client(String commonName) {
        return signedKeyStore("client-" + commonName, "CN=" + commonName, null);
    }

    private KeyStoreFile signedKeyStore(String alias, String subject, String subjectAlternativeNames) {
        KeyStoreFile store = store(directory.resolve(alias + ".p12"), password());
        String storeFile = store.location().toString();
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", subject, "-keystore", storeFile, "-storetype", TYPE,
                "-storepass", store.password(), "-keypass", store.password());
        Path request = directory.resolve(alias + ".csr");
        keytool("-certreq", "-alias", alias, "-file", request.toString(), "-keystore", storeFile, "-storetype", TYPE,
                "-storepass", store.password());
        Path certificate = directory.resolve(alias + ".crt");
        List<String> sign = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-validity", "2",
                "-infile", request.toString(), "-outfile", certificate.toString(),
                "-keystore", ca.location().toString(), "-storetype", TYPE, "-storepass", ca.password(),
                "-ext", "KU=digitalSignature,keyAgreement", "-ext", "EKU=serverAuth,clientAuth"));
        if (subjectAlternativeNames != null) {
            sign.addAll(List.of("-ext", subjectAlternativeNames));
        }
        keytool(sign.toArray(String[]::new));
        // the CA first, so that the signed reply chains up to a trusted certificate
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCertificate.toString(),
                "-keystore", storeFile, "-storetype", TYPE, "-storepass", store.password());
        keytool("-importcert", "-alias", alias, "-file", certificate.toString(),
                "-keystore", storeFile, "-storetype", TYPE, "-storepass", store.password());
        return store;
    }

    private static KeyStoreFile store(Path location, String password) {
        return new KeyStoreFile(location, password, TYPE);
    }

    private static String password() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void keytool(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.add("-J-Duser.language=en");
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + arguments[0] + " did not finish in "
                        + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed (" + process.exitValue() + "): "
                        + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
