package io.segmenter.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.LineItem;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Encoded state sizes on real data, the changelog cost per event. Parses the shared samples ad hoc
 * (the dataset readers are a separate piece of work); skipped where /work/shared is absent.
 * Writes its figures to target/feature-reports/state-size-*.txt.
 */
class RealDataStateSizeTest {

    private static final Path DATA = Path.of(System.getProperty("segmenter.shared.data", "/work/shared/data"));
    private static final Path TAOBAO = DATA.resolve("taobao-userbehavior/UserBehavior_head.csv");
    private static final Path REES46 = DATA.resolve("rees46-ecommerce-behavior/2019-Oct_head.csv");
    private static final Path REPORTS = Path.of("target", "feature-reports");
    private static final int TARGET_BYTES_PER_USER = 2048;

    static {
        AvroTestSupport.trustGeneratedClasses();
    }

    @Test
    void taobaoUserStatesStayWellUnderTwoKilobytes() throws IOException {
        assumeTrue(Files.isReadable(TAOBAO), "Taobao sample not present");
        List<ReplayEvent> events = new ArrayList<>();
        int malformed = 0;
        for (String line : Files.readAllLines(TAOBAO, StandardCharsets.US_ASCII)) {
            String[] f = line.split(",", -1);
            if (f.length != 5 || f[4].isEmpty()) {
                malformed++;
                continue;
            }
            Instant at = Instant.ofEpochSecond(Long.parseLong(f[4]));
            String user = f[0];
            events.add(switch (f[3]) {
                case "pv" -> click(user, ClickType.VIEW, f[1], f[2], at);
                case "cart" -> click(user, ClickType.CART, f[1], f[2], at);
                case "fav" -> click(user, ClickType.WISHLIST, f[1], f[2], at);
                case "buy" -> ReplayEvent.of(PurchaseEvent.newBuilder()
                        .setEventId("tb-" + events.size()).setOrderId("tb-" + events.size()).setUserId(user)
                        .setAmountMinor(0).setItemCount(1)
                        .setLineItems(List.of(LineItem.newBuilder().setProductId(f[1]).setCategoryId(f[2])
                                .setQuantity(1).setUnitPriceMinor(0).build()))
                        .setEventTime(at).build());
                default -> throw new IllegalStateException("behaviour " + f[3]);
            });
        }
        assertThat(malformed).isEqualTo(1);
        assertThat(events).hasSize(84_475);
        Sizes sizes = measure(events);
        assertThat(sizes.users()).isEqualTo(815);
        report("taobao", "taobao UserBehavior_head.csv", sizes);
        assertThat(sizes.perUser.mean()).isLessThan(TARGET_BYTES_PER_USER);
        assertThat(sizes.perUser.p99()).isLessThan(TARGET_BYTES_PER_USER);
    }

    @Test
    void rees46UserStatesWithPricesAndBrandsStaySmall() throws IOException {
        assumeTrue(Files.isReadable(REES46), "REES46 sample not present");
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT);
        List<ReplayEvent> events = new ArrayList<>();
        List<String> lines = Files.readAllLines(REES46, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.strip().split(",", -1);
            if (f.length != 9 || f[8].isEmpty()) {
                continue;
            }
            Instant at = LocalDateTime.parse(f[0], format).toInstant(ZoneOffset.UTC);
            long price = Math.round(Double.parseDouble(f[6]) * 100);
            String brand = f[5].isEmpty() ? null : f[5];
            if (f[1].equals("purchase")) {
                events.add(ReplayEvent.of(PurchaseEvent.newBuilder()
                        .setEventId("r-" + events.size()).setOrderId("r-" + events.size()).setUserId(f[7])
                        .setAmountMinor(price).setItemCount(1)
                        .setLineItems(List.of(LineItem.newBuilder().setProductId(f[2]).setCategoryId(f[3]).setBrand(brand)
                                .setQuantity(1).setUnitPriceMinor(price).build()))
                        .setEventTime(at).build()));
            } else {
                events.add(ReplayEvent.of(ClickEvent.newBuilder()
                        .setEventId("r-" + events.size()).setUserId(f[7])
                        .setType(f[1].equals("cart") ? ClickType.CART : ClickType.VIEW)
                        .setProductId(f[2]).setCategoryId(f[3]).setBrand(brand).setPriceMinor(price)
                        .setSessionId(f[8]).setEventTime(at).build()));
            }
        }
        Sizes sizes = measure(events);
        report("rees46", "rees46 2019-Oct_head.csv", sizes);
        assertThat(sizes.perUser.p99()).isLessThan(TARGET_BYTES_PER_USER);
    }

    @Test
    void aUserBusyInEveryTileAndColumnHasABoundedSize() throws IOException {
        // an event every 20 s for 30 days, every type, prices, devices: every tile and column non-zero
        UserFeatureState s = new UserFeatureState();
        java.util.Random r = new java.util.Random(1);
        long start = TestEvents.BASE.toEpochMilli();
        for (long t = start; t < start + 30L * 86_400_000L; t += 20_000) {
            Instant at = Instant.ofEpochMilli(t);
            ReplayEvent e = (t / 20_000) % 7 == 0 ? ReplayEvent.of(RandomEvents.purchase(r, "u", at))
                    : ReplayEvent.of(RandomEvents.click(r, "u", at));
            RandomEvents.apply(s, e);
        }
        int size = UserFeatureStateCodec.encode(s).length;
        Files.createDirectories(REPORTS);
        Files.writeString(REPORTS.resolve("state-size-worst-case.txt"),
                "worst case (every tile and column busy, 30 days at one event / 20 s): " + size + " bytes\n",
                StandardCharsets.UTF_8);
        assertThat(size).isLessThan(6 * 1024);
    }

    private static ReplayEvent click(String user, ClickType type, String item, String category, Instant at) {
        return ReplayEvent.of(ClickEvent.newBuilder().setEventId(user + "-" + at.toEpochMilli()).setUserId(user)
                .setType(type).setProductId(item).setCategoryId(category).setEventTime(at).build());
    }

    /** Replays in event-time order, measuring the encoded size after every event and at the end per user. */
    private static Sizes measure(List<ReplayEvent> events) {
        List<ReplayEvent> sorted = new ArrayList<>(events);
        sorted.sort(ReplayEvent.BY_EVENT_TIME);
        Map<String, UserFeatureState> states = new HashMap<>();
        long[] perEvent = new long[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            ReplayEvent e = sorted.get(i);
            UserFeatureState s = states.computeIfAbsent(e.userId(), k -> new UserFeatureState());
            RandomEvents.apply(s, e);
            perEvent[i] = UserFeatureStateCodec.encode(s).length;
        }
        long[] perUser = states.values().stream().mapToLong(s -> UserFeatureStateCodec.encode(s).length).toArray();
        return new Sizes(states.size(), Stats.of(perUser), Stats.of(perEvent));
    }

    private static void report(String key, String dataset, Sizes sizes) throws IOException {
        String text = String.format(Locale.ROOT,
                "%s: %d users, %d events%n  bytes per user at the end: mean %.0f, p50 %d, p99 %d, max %d%n"
                        + "  bytes written per event (changelog): mean %.0f, p99 %d, max %d%n",
                dataset, sizes.users(), sizes.perEvent.n(), sizes.perUser.mean(), sizes.perUser.p50(), sizes.perUser.p99(),
                sizes.perUser.max(), sizes.perEvent.mean(), sizes.perEvent.p99(), sizes.perEvent.max());
        Files.createDirectories(REPORTS);
        Files.writeString(REPORTS.resolve("state-size-" + key + ".txt"), text, StandardCharsets.UTF_8);
    }

    private record Sizes(int users, Stats perUser, Stats perEvent) {
    }

    private record Stats(int n, double mean, long p50, long p99, long max) {
        static Stats of(long[] values) {
            long[] v = values.clone();
            Arrays.sort(v);
            return new Stats(v.length, Arrays.stream(v).average().orElse(0), v[(int) (0.50 * (v.length - 1))],
                    v[(int) Math.ceil(0.99 * (v.length - 1))], v[v.length - 1]);
        }
    }
}
