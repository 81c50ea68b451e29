package io.segmenter.stream.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.segmenter.stream.cli.SegmenterCliAccess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A replay ({@code demo} on a Fraud_Data file made here, with a malformed line among valid ones)
 * with every log event captured, the project's own loggers at DEBUG: no event names a user id,
 * device id or IP address of the input, in its message or in an attached exception.
 */
class NoPersonalDataInLogsIT {

    private static final int USERS = 40;

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Logger root;
    private Logger project;
    private Level projectLevel;

    @BeforeEach
    void captureEveryLogEvent() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        captured.setContext(context);
        captured.start();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(captured);
        project = context.getLogger("io.segmenter");
        projectLevel = project.getLevel();
        project.setLevel(Level.DEBUG);
    }

    @AfterEach
    void restoreLogging() {
        root.detachAppender(captured);
        project.setLevel(projectLevel);
    }

    @Test
    void replayLogsNoUserIdDeviceIdOrIp() throws IOException {
        Set<String> personal = new TreeSet<>();
        Path data = fraudData(personal);

        StringWriter out = new StringWriter();
        int exit = SegmenterCliAccess.execute(new PrintWriter(out), "demo", "--data", data.toString(), "--format", "fraud-data");

        assertThat(exit).as(out.toString()).isZero();
        List<ILoggingEvent> events = List.copyOf(captured.list);
        assertThat(events).as("the capture works").isNotEmpty()
                .anySatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.INFO));
        List<String> leaks = new ArrayList<>();
        for (ILoggingEvent event : events) {
            String text = text(event);
            for (String value : personal) {
                if (text.contains(value)) {
                    leaks.add(event.getLoggerName() + " " + event.getLevel() + " names '" + value + "': " + text);
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    private static String text(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

    /**
     * Users with ten-digit ids (no count or offset in a log line looks like them), a device id and
     * an IPv4 address each, two purchases per user; one line has a bad {@code class} but carries a
     * user id, a device and an IP. Collects every such value, the IP in both its input (number) and
     * dotted form.
     */
    private Path fraudData(Set<String> personal) throws IOException {
        Random random = new Random(8);
        List<String> lines = new ArrayList<>();
        lines.add("user_id,signup_time,purchase_time,purchase_value,device_id,source,browser,sex,age,ip_address,class");
        for (int i = 0; i < USERS; i++) {
            String user = Long.toString(7_418_520_000L + i * 7919L);
            String device = "DV" + letters(random, 11);
            long ip = 167_772_160L + random.nextInt(1 << 24); // 10.0.0.0/8
            personal.add(user);
            personal.add(device);
            personal.add(Long.toString(ip));
            personal.add(dotted(ip));
            for (int p = 0; p < 2; p++) {
                lines.add(String.format(Locale.ROOT, "%s,1/%d/2015 10:00,3/%d/2015 1%d:30,%d,%s,SEO,Chrome,M,33,%d.0,%d",
                        user, 1 + i % 20, 1 + i % 20, p, 20 + i, device, ip, i % 9 == 0 ? 1 : 0));
            }
        }
        String badUser = "7418529999";
        String badDevice = "DVBADLINEXYZW";
        long badIp = 167_800_001L;
        personal.addAll(List.of(badUser, badDevice, Long.toString(badIp), dotted(badIp)));
        lines.add(USERS, String.format(Locale.ROOT, "%s,1/2/2015 10:00,3/2/2015 11:30,25,%s,SEO,Chrome,M,33,%d.0,7",
                badUser, badDevice, badIp));
        Path file = dir.resolve("fraud-data.csv");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static String letters(Random random, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) ('A' + random.nextInt(26)));
        }
        return s.toString();
    }

    private static String dotted(long ip) {
        return (ip >> 24 & 255) + "." + (ip >> 16 & 255) + "." + (ip >> 8 & 255) + "." + (ip & 255);
    }
}
