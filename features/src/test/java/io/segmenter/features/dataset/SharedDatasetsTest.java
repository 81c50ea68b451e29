package io.segmenter.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.LineItem;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every reader on the team's shared copies of the real datasets ({@code <repo>/../shared/data}),
 * asserting the numbers their READMEs state. Skipped where {@code ../shared} is absent.
 */
class SharedDatasetsTest {

    private static final Path TAOBAO = Path.of("taobao-userbehavior", "UserBehavior_head.csv");
    private static final Path REES46 = Path.of("rees46-ecommerce-behavior", "2019-Oct_head.csv");
    private static final Path RETAIL = Path.of("uci-online-retail", "online_retail_sample_20k.csv");
    private static final Path CDNOW = Path.of("cdnow-transactions", "CDNOW_master.txt");
    private static final Path FRAUD = Path.of("ecommerce-fraud", "fraud_data_first30k.csv");

    private static ReadResult read(Path relative, DatasetFormat format) throws IOException {
        return format.reader().readAll(TestData.shared(relative.toString()), "");
    }

    private static List<ClickEvent> clicks(ReadResult r) {
        return r.events().stream().filter(e -> e instanceof DatasetEvent.Click)
                .map(e -> ((DatasetEvent.Click) e).event()).toList();
    }

    private static List<PurchaseEvent> purchases(ReadResult r) {
        return r.events().stream().filter(e -> e instanceof DatasetEvent.Purchase)
                .map(e -> ((DatasetEvent.Purchase) e).event()).toList();
    }

    private static <T> int distinct(Collection<T> values) {
        return new HashSet<>(values).size();
    }

    @Test
    void taobaoHas84475EventsOf815UsersAndOneTruncatedLastLine() throws IOException {
        ReadResult r = read(TAOBAO, DatasetFormat.TAOBAO);

        ReadReport report = r.report();
        assertThat(report.linesRead()).isEqualTo(84_476);
        assertThat(report.events()).isEqualTo(84_475);
        assertThat(report.malformedLines()).isEqualTo(1);
        assertThat(report.firstMalformed()).extracting(MalformedLine::lineNumber, MalformedLine::reason, MalformedLine::excerpt)
                .containsExactly(tuple(84_476L, "expected 5 fields, found 4", "100370,1968385,1875258,pv"));
        Map<ClickType, Long> byType = clicks(r).stream().collect(Collectors.groupingBy(ClickEvent::getType,
                () -> new EnumMap<>(ClickType.class), Collectors.counting()));
        assertThat(byType).containsOnly(Map.entry(ClickType.VIEW, 75_872L), Map.entry(ClickType.CART, 4_497L),
                Map.entry(ClickType.WISHLIST, 2_356L));
        assertThat(purchases(r)).hasSize(1_750);
        assertThat(distinct(r.events().stream().map(DatasetEvent::userId).toList())).isEqualTo(815);
        assertThat(distinct(purchases(r).stream().map(PurchaseEvent::getUserId).toList())).isEqualTo(559);
        assertThat(distinct(purchases(r).stream().map(PurchaseEvent::getOrderId).toList())).isEqualTo(1_750);
        Set<String> items = new HashSet<>();
        Set<String> categories = new HashSet<>();
        clicks(r).forEach(c -> {
            items.add(c.getProductId());
            categories.add(c.getCategoryId());
        });
        purchases(r).forEach(p -> p.getLineItems().forEach(li -> {
            items.add(li.getProductId());
            categories.add(li.getCategoryId());
        }));
        assertThat(items).hasSize(55_368);
        assertThat(categories).hasSize(2_914);
        Instant from = Instant.parse("2017-11-24T16:00:00Z"); // 2017-11-25 00:00 China time
        Instant to = Instant.parse("2017-12-03T16:00:00Z");
        assertThat(r.events()).filteredOn(e -> e.eventTime().isBefore(from) || !e.eventTime().isBefore(to)).hasSize(35);
        assertThat(report.firstEventTime()).contains(Instant.parse("2017-09-11T08:16:39Z"));
    }

    @Test
    void rees46Has17434EventsOf4504UsersAndOneTruncatedLastLine() throws IOException {
        ReadResult r = read(REES46, DatasetFormat.REES46);

        ReadReport report = r.report();
        assertThat(report.linesRead()).isEqualTo(17_435);
        assertThat(report.events()).isEqualTo(17_434);
        assertThat(report.firstMalformed()).extracting(MalformedLine::lineNumber, MalformedLine::reason)
                .containsExactly(tuple(17_436L, "expected 9 fields, found 8"));
        assertThat(report.malformedLines()).isEqualTo(1);
        Map<ClickType, Long> byType = clicks(r).stream().collect(Collectors.groupingBy(ClickEvent::getType,
                () -> new EnumMap<>(ClickType.class), Collectors.counting()));
        assertThat(byType).containsOnly(Map.entry(ClickType.VIEW, 17_055L), Map.entry(ClickType.CART, 165L));
        List<PurchaseEvent> purchases = purchases(r);
        assertThat(purchases).hasSize(214);
        assertThat(purchases.stream().mapToLong(PurchaseEvent::getAmountMinor).sum()).isEqualTo(5_944_263L);
        assertThat(distinct(purchases.stream().map(PurchaseEvent::getUserId).toList())).isEqualTo(193);
        assertThat(distinct(purchases.stream().map(PurchaseEvent::getOrderId).toList())).isEqualTo(214);
        assertThat(distinct(r.events().stream().map(DatasetEvent::userId).toList())).isEqualTo(4_504);
        List<ClickEvent> clicks = clicks(r);
        Set<String> sessions = new HashSet<>(clicks.stream().map(ClickEvent::getSessionId).toList());
        assertThat(sessions).hasSize(5_066).doesNotContainNull(); // every purchasing session also has clicks
        Set<String> products = new HashSet<>(clicks.stream().map(ClickEvent::getProductId).toList());
        Set<String> categories = new HashSet<>(clicks.stream().map(ClickEvent::getCategoryId).toList());
        Set<String> brands = new HashSet<>(clicks.stream().map(ClickEvent::getBrand).filter(b -> b != null).toList());
        for (PurchaseEvent p : purchases) {
            LineItem li = p.getLineItems().get(0);
            products.add(li.getProductId());
            categories.add(li.getCategoryId());
            if (li.getBrand() != null) {
                brands.add(li.getBrand());
            }
        }
        assertThat(products).hasSize(6_493);
        assertThat(categories).hasSize(434).allSatisfy(c -> assertThat(Long.parseLong(c)).isPositive());
        assertThat(brands).hasSize(864);
        assertThat(clicks).filteredOn(c -> c.getCategoryPath() == null).hasSize(5_702); // + 44 purchases of the 5,746
        long zeroPrices = clicks.stream().filter(c -> c.getPriceMinor() == 0L).count()
                + purchases.stream().filter(p -> p.getAmountMinor() == 0L).count();
        assertThat(zeroPrices).isEqualTo(19);
        assertThat(report.firstEventTime()).contains(Instant.parse("2019-10-01T00:00:00Z"));
        assertThat(report.lastEventTime()).contains(Instant.parse("2019-10-01T02:50:00Z"));
        Map<String, Set<String>> sessionsByUser = new HashMap<>();
        clicks.forEach(c -> sessionsByUser.computeIfAbsent(c.getUserId(), u -> new HashSet<>()).add(c.getSessionId()));
        assertThat(sessionsByUser.values()).filteredOn(s -> s.size() > 1).hasSize(426);
    }

    @Test
    void onlineRetailReads20000LinesIntoOnePurchasePerInvoiceAndCustomer() throws IOException {
        ReadResult r = read(RETAIL, DatasetFormat.ONLINE_RETAIL);

        ReadReport report = r.report();
        assertThat(report.linesRead()).isEqualTo(20_000);
        assertThat(report.malformedLines()).isZero();
        // README: 350 cancellation rows; 5,078 NA rows, of which 8 are cancellations and counted there.
        assertThat(report.skippedByReason()).containsExactly(
                Map.entry(SkipReason.CANCELLATION, 350L),
                Map.entry(SkipReason.NO_CUSTOMER_ID, 5_070L),
                Map.entry(SkipReason.NON_PRODUCT_STOCK_CODE, 56L));
        assertThat(report.linesAccepted()).isEqualTo(14_524);
        assertThat(report.events()).isEqualTo(8_117);
        List<PurchaseEvent> purchases = purchases(r);
        assertThat(purchases.stream().mapToInt(p -> p.getLineItems().size()).sum()).isEqualTo(14_524);
        assertThat(distinct(purchases.stream().map(PurchaseEvent::getUserId).toList())).isEqualTo(3_010);
        assertThat(distinct(purchases.stream().map(PurchaseEvent::getOrderId).toList())).isEqualTo(8_117);
        assertThat(purchases.stream().mapToLong(PurchaseEvent::getAmountMinor).sum()).isEqualTo(31_007_187L);
        assertThat(report.firstEventTime()).contains(Instant.parse("2010-12-01T08:34:00Z"));
        assertThat(report.lastEventTime()).contains(Instant.parse("2011-12-09T12:50:00Z"));
    }

    @Test
    void cdnowHas69659PurchasesOf23570CustomersEachItsOwnOrder() throws IOException {
        ReadResult r = read(CDNOW, DatasetFormat.CDNOW);

        ReadReport report = r.report();
        assertThat(report.linesRead()).isEqualTo(69_659);
        assertThat(report.events()).isEqualTo(69_659);
        assertThat(report.malformedLines()).isZero();
        List<PurchaseEvent> purchases = purchases(r);
        assertThat(purchases.stream().mapToLong(PurchaseEvent::getAmountMinor).sum()).isEqualTo(250_031_563L);
        assertThat(purchases).filteredOn(p -> p.getAmountMinor() == 0L).hasSize(80);
        assertThat(distinct(purchases.stream().map(PurchaseEvent::getOrderId).toList())).isEqualTo(69_659);
        Map<String, Long> perCustomer = purchases.stream()
                .collect(Collectors.groupingBy(PurchaseEvent::getUserId, Collectors.counting()));
        assertThat(perCustomer).hasSize(23_570);
        assertThat(perCustomer.values()).filteredOn(n -> n > 1).hasSize(11_662);
        Map<YearMonth, Long> cohorts = purchases.stream()
                .collect(Collectors.toMap(PurchaseEvent::getUserId, PurchaseEvent::getEventTime,
                        (a, b) -> a.isBefore(b) ? a : b))
                .values().stream()
                .collect(Collectors.groupingBy(t -> YearMonth.from(t.atOffset(ZoneOffset.UTC)), Collectors.counting()));
        assertThat(cohorts).containsOnly(Map.entry(YearMonth.of(1997, 1), 7_846L),
                Map.entry(YearMonth.of(1997, 2), 8_476L), Map.entry(YearMonth.of(1997, 3), 7_248L));
        assertThat(report.firstEventTime()).contains(Instant.parse("1997-01-01T00:00:00Z"));
        assertThat(report.lastEventTime()).contains(Instant.parse("1998-06-30T00:00:00Z"));
    }

    @Test
    void fraudDataHas30189LabelledPurchasesAndOneBrokenLastLine() throws IOException {
        ReadResult r = read(FRAUD, DatasetFormat.FRAUD_DATA);

        ReadReport report = r.report();
        assertThat(report.linesRead()).isEqualTo(30_190);
        assertThat(report.events()).isEqualTo(30_189);
        assertThat(report.firstMalformed()).extracting(MalformedLine::lineNumber, MalformedLine::reason)
                .containsExactly(tuple(30_191L, "bad purchase_time ''"));
        Map<Integer, Long> byLabel = r.events().stream()
                .collect(Collectors.groupingBy(e -> e.label().orElseThrow(), Collectors.counting()));
        assertThat(byLabel).containsOnly(Map.entry(1, 2_867L), Map.entry(0, 27_322L));
        List<PurchaseEvent> purchases = purchases(r);
        assertThat(distinct(purchases.stream().map(PurchaseEvent::getUserId).toList())).isEqualTo(30_189);
        Map<String, Long> perDevice = purchases.stream()
                .collect(Collectors.groupingBy(PurchaseEvent::getDeviceId, Collectors.counting()));
        assertThat(perDevice).hasSize(28_949);
        assertThat(perDevice.values()).filteredOn(n -> n > 1).hasSize(705);
        assertThat(purchases.stream().collect(Collectors.groupingBy(PurchaseEvent::getTrafficSource, Collectors.counting())))
                .containsOnly(Map.entry("SEO", 12_165L), Map.entry("Ads", 11_931L), Map.entry("Direct", 6_093L));
        assertThat(purchases).allSatisfy(p -> assertThat(p.getIp()).matches("\\d{1,3}(\\.\\d{1,3}){3}"));
        List<DatasetEvent> fast = r.events().stream().filter(e -> {
            PurchaseEvent p = (PurchaseEvent) e.record();
            return Duration.between(p.getAccountCreatedTime(), p.getEventTime()).compareTo(Duration.ofSeconds(60)) <= 0;
        }).toList();
        assertThat(fast).hasSize(1_531).allSatisfy(e -> assertThat(e.label()).hasValue(1));
        Comparator<Instant> order = Comparator.naturalOrder();
        Function<PurchaseEvent, Instant> signup = PurchaseEvent::getAccountCreatedTime;
        assertThat(purchases.stream().map(signup).min(order)).contains(Instant.parse("2015-01-01T00:00:00Z"));
        assertThat(purchases.stream().map(signup).max(order)).contains(Instant.parse("2015-08-18T04:29:00Z"));
        assertThat(report.firstEventTime()).contains(Instant.parse("2015-01-01T00:00:00Z"));
        assertThat(report.lastEventTime()).contains(Instant.parse("2015-12-14T23:08:00Z"));
    }

    @Test
    void allFiveReplayTogetherSortedAndEndingAtTheSameInstant() throws IOException {
        DatasetReplay.Result r = DatasetReplay.builder()
                .add(DatasetSource.file(TestData.shared(TAOBAO.toString()), DatasetFormat.TAOBAO).withIdPrefix("tb-"))
                .add(DatasetSource.file(TestData.shared(REES46.toString()), DatasetFormat.REES46).withIdPrefix("rees-"))
                .add(DatasetSource.file(TestData.shared(RETAIL.toString()), DatasetFormat.ONLINE_RETAIL).withIdPrefix("or-"))
                .add(DatasetSource.file(TestData.shared(CDNOW.toString()), DatasetFormat.CDNOW).withIdPrefix("cd-"))
                .add(DatasetSource.file(TestData.shared(FRAUD.toString()), DatasetFormat.FRAUD_DATA).withIdPrefix("fd-"))
                .alignEnds()
                .build()
                .load();

        assertThat(r.events()).hasSize(84_475 + 17_434 + 8_117 + 69_659 + 30_189);
        assertThat(r.events()).isSortedAccordingTo(DatasetEvent.BY_EVENT_TIME);
        assertThat(r.linesRead()).isEqualTo(84_476 + 17_435 + 20_000 + 69_659 + 30_190);
        assertThat(r.malformedLines()).isEqualTo(3);
        assertThat(r.linesRead()).isEqualTo(r.linesAccepted() + r.skippedLines() + r.malformedLines());
        Instant end = Instant.parse("2019-10-01T02:50:00Z");
        assertThat(r.events().get(r.events().size() - 1).eventTime()).isEqualTo(end);
        assertThat(r.sources()).allSatisfy(s ->
                assertThat(s.report().lastEventTime().orElseThrow().plus(s.shift())).isEqualTo(end));
        assertThat(r.sources().get(1).shift()).isZero();
    }
}
