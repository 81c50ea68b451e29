package io.segmenter.stream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.segmenter.model.BundleRejectedException;
import io.segmenter.model.ModelBundle;
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
    void bundledSampleReplaysWithCountsThatReconcile() throws IOException, BundleRejectedException {
        Path json = dir.resolve("summary.json");
        StringWriter out = new StringWriter();
        int exit = SegmenterCliAccess.execute(new PrintWriter(out), "demo", "--summary-json", json.toString());

        assertThat(exit).as(out.toString()).isZero();
        JsonNode s = new ObjectMapper().readTree(json.toFile());
        assertThat(s.get("linesRead").asLong()).isEqualTo(24_506);
        assertThat(s.get("malformedLines").asLong()).isEqualTo(1);
        assertThat(s.get("eventsPublished").asLong()).isEqualTo(24_505);
        assertThat(s.get("linesRead").asLong()).isEqualTo(s.get("eventsPublished").asLong() + s.get("malformedLines").asLong());
        assertThat(s.get("eventsPublished").asLong())
                .isEqualTo(s.get("eventsProcessed").asLong() + s.get("deadLettered").asLong());
        // 150 Taobao users + 1,490 REES46 users + 4,000 Fraud_Data users
        assertThat(s.get("usersWithFeatures").asLong()).isEqualTo(150 + 1_490 + 4_000);

        // scoring, counted from the output topics: every user with features got a segment, from the shipped model
        String shipped = ModelBundle.read(Path.of("..", "models", "default", "model.zip")).modelVersion();
        assertThat(s.get("modelVersion").asText()).isEqualTo(shipped);
        assertThat(s.get("outputModelVersions")).containsExactly(TextNode.valueOf(shipped));
        assertThat(s.get("usersScored").asLong()).isEqualTo(s.get("usersWithFeatures").asLong());
        assertThat(s.get("segmentChanges").asLong()).isGreaterThanOrEqualTo(s.get("usersScored").asLong());
        assertThat(s.get("segmentsForgotten").asLong()).isLessThanOrEqualTo(s.get("usersEvicted").asLong());
        assertThat(s.get("anomalies").asLong()).isPositive().isLessThanOrEqualTo(4_380); // at most one per purchase
        assertThat(s.get("segmentChangeExamples")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.asText()).matches("user \\S+: .+ -> .+ \\(p=(0\\.\\d\\d|1\\.00), model " + shipped + "\\) because .+"));
        assertThat(s.get("anomalyExamples")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.asText()).matches("order \\S+ of user \\S+: .+ score .+ >= .+ \\(model " + shipped + "\\).* because .+"));
    }

    @Test
    void summaryPrintsScoringCountsAndExamplesInWords() throws IOException {
        StringWriter out = new StringWriter();
        Path json = dir.resolve("printed.json");
        int exit = SegmenterCliAccess.execute(new PrintWriter(out), "demo", "--data",
                Path.of("..", "data", "sample", "rees46-2019-oct-head4000.csv").toString(), "--format", "rees46",
                "--summary-json", json.toString());

        JsonNode s = new ObjectMapper().readTree(json.toFile());
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains(String.format(java.util.Locale.ROOT, "users scored       %,d  (model %s)", s.get("usersScored").asLong(),
                        s.get("modelVersion").asText()))
                .contains(String.format(java.util.Locale.ROOT, "fraud anomalies    %,d", s.get("anomalies").asLong()))
                .contains("segment changes (a few):").contains(s.get("segmentChangeExamples").get(0).asText())
                .contains("fraud anomalies (a few):").contains(s.get("anomalyExamples").get(0).asText());
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
        // a day of events: nobody is evicted, everybody is scored, the rejected user is not
        assertThat(s.get("usersEvicted").asLong()).isZero();
        assertThat(s.get("segmentsForgotten").asLong()).isZero();
        assertThat(s.get("usersScored").asLong()).isEqualTo(validUsers.size());
        assertThat(s.get("segmentChanges").asLong()).isGreaterThanOrEqualTo(validUsers.size());
        assertThat(out.toString()).contains("counts reconcile").contains("line " + lines);
    }
}
