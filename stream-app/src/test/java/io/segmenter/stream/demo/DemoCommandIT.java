package io.segmenter.stream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmenter.stream.cli.SegmenterCliAccess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code demo} command end to end, in-process, on its own embedded broker: the bundled
 * sample, and a UserBehavior-format file the project has never seen (generated here) whose last
 * line is truncated and which holds events the validation must reject.
 */
class DemoCommandIT {

    private static final String[] BEHAVIOURS = {"pv", "pv", "pv", "pv", "cart", "fav", "buy"};

    @TempDir
    Path dir;

    @Test
    void bundledSampleReplaysWithCountsThatReconcile() throws IOException {
        Path json = dir.resolve("summary.json");
        int exit = SegmenterCliAccess.execute(new PrintWriter(new StringWriter()), "demo", "--summary-json", json.toString());

        assertThat(exit).isZero();
        JsonNode s = new ObjectMapper().readTree(json.toFile());
        assertThat(s.get("linesRead").asLong()).isEqualTo(24_506);
        assertThat(s.get("malformedLines").asLong()).isEqualTo(1);
        assertThat(s.get("eventsPublished").asLong()).isEqualTo(24_505);
        assertThat(s.get("linesRead").asLong()).isEqualTo(s.get("eventsPublished").asLong() + s.get("malformedLines").asLong());
        assertThat(s.get("eventsPublished").asLong())
                .isEqualTo(s.get("eventsProcessed").asLong() + s.get("deadLettered").asLong());
        // 150 Taobao users + 1,490 REES46 users + 4,000 Fraud_Data users
        assertThat(s.get("usersWithFeatures").asLong()).isEqualTo(150 + 1_490 + 4_000);
    }

    @Test
    void unseenUserBehaviorFileWithTruncatedLastLineAndInvalidEvents() throws IOException {
        Random random = new Random(7);
        Path file = dir.resolve("never-seen.csv");
        StringBuilder csv = new StringBuilder();
        Set<String> validUsers = new HashSet<>();
        long base = Instant.parse("2021-03-01T00:00:00Z").getEpochSecond();
        int lines = 0;
        for (int user = 1; user <= 60; user++) {
            long t = base + random.nextInt(86_400);
            for (int e = 0; e < 5 + random.nextInt(40); e++) {
                t += random.nextInt(1_800);
                csv.append(9_000_000 + user).append(',').append(random.nextInt(100_000)).append(',')
                        .append(random.nextInt(300)).append(',').append(BEHAVIOURS[random.nextInt(BEHAVIOURS.length)])
                        .append(',').append(t).append('\n');
                lines++;
                validUsers.add(Integer.toString(9_000_000 + user));
            }
        }
        // a user whose only event is a century in the future: rejected by validation, so no features
        long future = Instant.parse("2121-01-01T00:00:00Z").getEpochSecond();
        csv.append("9999999,1,1,pv,").append(future).append('\n');
        lines++;
        csv.append("9000001,5,6,pv");  // truncated last line, no newline
        lines++;
        Files.writeString(file, csv, StandardCharsets.US_ASCII);

        Path json = dir.resolve("unseen.json");
        StringWriter out = new StringWriter();
        int exit = SegmenterCliAccess.execute(new PrintWriter(out), "demo", "--data", file.toString(), "--format", "taobao",
                "--summary-json", json.toString());

        assertThat(exit).as(out.toString()).isZero();
        JsonNode s = new ObjectMapper().readTree(json.toFile());
        assertThat(s.get("linesRead").asLong()).isEqualTo(lines);
        assertThat(s.get("malformedLines").asLong()).isEqualTo(1);
        assertThat(s.get("eventsPublished").asLong()).isEqualTo(lines - 1);
        assertThat(s.get("deadLettered").asLong()).isEqualTo(1);
        assertThat(s.get("deadLetteredByReason").get("timestamp-in-future").asLong()).isEqualTo(1);
        assertThat(s.get("eventsProcessed").asLong()).isEqualTo(lines - 2);
        assertThat(s.get("lateDropped").asLong()).isZero();
        assertThat(s.get("usersWithFeatures").asLong()).isEqualTo(validUsers.size());
        assertThat(out.toString()).contains("counts reconcile").contains("line " + lines);
    }
}
