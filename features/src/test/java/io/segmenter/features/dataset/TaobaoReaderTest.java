package io.segmenter.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.LineItem;
import io.segmenter.schemas.avro.PaymentMethod;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaobaoReaderTest {

    private static final long T = 1_511_544_070L;

    private static ClickEvent click(String eventId, String user, ClickType type, String item, String category, long epochSecond) {
        return ClickEvent.newBuilder().setEventId(eventId).setUserId(user).setType(type).setProductId(item)
                .setCategoryId(category).setEventTime(Instant.ofEpochSecond(epochSecond)).build();
    }

    @Test
    void mapsPvCartFavToClicksAndBuyToAZeroAmountPurchaseOfOneUnit() {
        ReadResult r = TestData.read(DatasetFormat.TAOBAO, """
                1,2268318,2520377,pv,1511544070
                1,2268318,2520377,cart,1511544071
                1,2268318,2520377,fav,1511544072
                1,2268318,2520377,buy,1511544073
                """);

        assertThat(r.events()).containsExactly(
                new DatasetEvent.Click(click("taobao-1", "1", ClickType.VIEW, "2268318", "2520377", T), 1),
                new DatasetEvent.Click(click("taobao-2", "1", ClickType.CART, "2268318", "2520377", T + 1), 2),
                new DatasetEvent.Click(click("taobao-3", "1", ClickType.WISHLIST, "2268318", "2520377", T + 2), 3),
                new DatasetEvent.Purchase(PurchaseEvent.newBuilder()
                        .setEventId("taobao-4").setOrderId("taobao-1-2268318-1511544073").setUserId("1")
                        .setAmountMinor(0).setItemCount(1)
                        .setLineItems(List.of(LineItem.newBuilder().setProductId("2268318").setCategoryId("2520377")
                                .setQuantity(1).setUnitPriceMinor(0).build()))
                        .setPaymentMethod(PaymentMethod.UNKNOWN)
                        .setEventTime(Instant.ofEpochSecond(T + 3)).build(), 4, OptionalInt.empty()));
        assertThat(r.report().linesRead()).isEqualTo(4);
        assertThat(r.report().events()).isEqualTo(4);
        assertThat(r.report().malformedLines()).isZero();
        assertThat(r.report().firstEventTime()).contains(Instant.ofEpochSecond(T));
        assertThat(r.report().lastEventTime()).contains(Instant.ofEpochSecond(T + 3));
    }

    @Test
    void prefixesUserEventAndOrderIdsButNotProductIds() {
        ReadResult r = TestData.read(DatasetFormat.TAOBAO, "7,11,12,buy,1511544070\n", "tb-");

        PurchaseEvent p = (PurchaseEvent) r.events().get(0).record();
        assertThat(p.getUserId()).isEqualTo("tb-7");
        assertThat(p.getEventId()).isEqualTo("tb-taobao-1");
        assertThat(p.getOrderId()).isEqualTo("tb-taobao-7-11-1511544070");
        assertThat(p.getLineItems().get(0).getProductId()).isEqualTo("11");
    }

    @Test
    void countsTheTruncatedLastLineWithoutNewlineAsMalformedWithItsLineNumber() {
        ReadResult r = TestData.read(DatasetFormat.TAOBAO,
                "1,2268318,2520377,pv,1511544070\n1,2333346,2520771,pv,1511561733\n100370,1968385,1875258,pv");

        assertThat(r.events()).hasSize(2);
        assertThat(r.report().linesRead()).isEqualTo(3);
        assertThat(r.report().malformedLines()).isEqualTo(1);
        assertThat(r.report().firstMalformed()).containsExactly(
                new MalformedLine(3, "expected 5 fields, found 4", "100370,1968385,1875258,pv"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1,2,3,click,1511544070|bad behavior_type 'click'",
            "1,2,3,pv,-1511544070|bad timestamp '-1511544070'",
            "1,2,3,pv,1511544070.5|bad timestamp '1511544070.5'",
            "1,2,3,pv,99999999999999|timestamp out of range: 99999999999999",
            "x,2,3,pv,1511544070|bad user_id 'x'",
            "1,2,3,pv,1511544070,9|expected 5 fields, found 6",
            "user_id,item_id,category_id,behavior_type,timestamp|bad user_id 'user_id'"})
    void countsABadLineAsMalformedAndGoesOn(String bad, String reason) {
        ReadResult r = TestData.read(DatasetFormat.TAOBAO, "1,2,3,pv,1511544070\n" + bad + "\n1,2,3,buy,1511544071\n");

        assertThat(r.events()).extracting(DatasetEvent::lineNumber).containsExactly(1L, 3L);
        assertThat(r.report().firstMalformed()).extracting(MalformedLine::lineNumber, MalformedLine::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, reason));
    }

    @Test
    void ignoresBlankLinesIncludingATrailingOneAndAcceptsBomAndCrlf() {
        ReadResult r = TestData.read(DatasetFormat.TAOBAO, "\uFEFF1,2,3,pv,1511544070\r\n\r\n1,2,3,fav,1511544071\r\n\r\n");

        assertThat(r.events()).extracting(DatasetEvent::lineNumber).containsExactly(1L, 3L);
        assertThat(r.events().get(0).userId()).isEqualTo("1");
        assertThat(r.report().linesRead()).isEqualTo(2);
        assertThat(r.report().blankLines()).isEqualTo(2);
        assertThat(r.report().malformedLines()).isZero();
    }

    @Test
    void readsAnUnseenUserBehaviorFileWrittenToDisk(@TempDir Path dir) throws IOException {
        Random random = new Random(20171125L);
        String[] behaviors = {"pv", "pv", "pv", "pv", "cart", "fav", "buy"};
        Map<String, Integer> expectedByBehavior = new java.util.HashMap<>();
        Set<String> users = new HashSet<>();
        List<String> lines = new ArrayList<>();
        for (int u = 0; u < 40; u++) {
            String user = Integer.toString(900_000 + random.nextInt(100_000));
            long t = 1_511_539_200L + random.nextInt(86_400);
            for (int e = 0; e < 1 + random.nextInt(50); e++) {
                String behavior = behaviors[random.nextInt(behaviors.length)];
                t += random.nextInt(3_600);
                lines.add(user + "," + random.nextInt(5_000_000) + "," + random.nextInt(5_000_000) + "," + behavior + "," + t);
                expectedByBehavior.merge(behavior, 1, Integer::sum);
                users.add(user);
            }
        }
        Path file = dir.resolve("UserBehavior-unseen.csv");
        Files.write(file, lines, StandardCharsets.UTF_8);

        ReadResult r = DatasetFormat.TAOBAO.reader().readAll(file, "");

        assertThat(r.report().linesRead()).isEqualTo(lines.size());
        assertThat(r.report().malformedLines()).isZero();
        assertThat(r.report().source()).isEqualTo(file.toString());
        assertThat(r.events()).extracting(DatasetEvent::userId).containsOnlyElementsOf(users);
        Map<ClickType, Integer> clicks = new EnumMap<>(ClickType.class);
        int purchases = 0;
        for (DatasetEvent e : r.events()) {
            if (e instanceof DatasetEvent.Click c) {
                clicks.merge(c.event().getType(), 1, Integer::sum);
            } else {
                purchases++;
            }
        }
        assertThat(clicks.getOrDefault(ClickType.VIEW, 0)).isEqualTo(expectedByBehavior.getOrDefault("pv", 0));
        assertThat(clicks.getOrDefault(ClickType.CART, 0)).isEqualTo(expectedByBehavior.getOrDefault("cart", 0));
        assertThat(clicks.getOrDefault(ClickType.WISHLIST, 0)).isEqualTo(expectedByBehavior.getOrDefault("fav", 0));
        assertThat(purchases).isEqualTo(expectedByBehavior.getOrDefault("buy", 0));
    }
}
