package io.segmenter.schemas;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.FeatureContribution;
import io.segmenter.schemas.avro.FraudAnomaly;
import io.segmenter.schemas.avro.LineItem;
import io.segmenter.schemas.avro.ModelRelease;
import io.segmenter.schemas.avro.ModelRole;
import io.segmenter.schemas.avro.PaymentMethod;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.avro.Reason;
import io.segmenter.schemas.avro.SegmentChange;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small builders of valid contract records for tests; every optional field is filled. */
public final class TestRecords {

  public static final Instant BASE = Instant.parse("2024-03-01T10:00:00Z");

  private TestRecords() {}

  public static ClickEvent click(String user, Instant at) {
    return ClickEvent.newBuilder()
        .setEventId("click-" + user + "-" + at.toEpochMilli())
        .setUserId(user)
        .setSessionId("session-1")
        .setType(ClickType.CART)
        .setProductId("p-42")
        .setCategoryId("2053013555631882655")
        .setCategoryPath("electronics.smartphone")
        .setBrand("acme")
        .setPriceMinor(129_99L)
        .setCurrency("EUR")
        .setDeviceId("device-7")
        .setIp("2001:db8::1")
        .setUserAgentFamily("Firefox")
        .setEventTime(at)
        .build();
  }

  public static PurchaseEvent purchase(String user, long amountMinor, Instant at) {
    return PurchaseEvent.newBuilder()
        .setEventId("purchase-" + user + "-" + at.toEpochMilli())
        .setOrderId("order-9")
        .setUserId(user)
        .setAmountMinor(amountMinor)
        .setCurrency("GBP")
        .setItemCount(3)
        .setLineItems(List.of(
            new LineItem("p-1", "c-1", "acme", 2, 1_000L),
            new LineItem("p-2", null, null, 1, amountMinor - 2_000L)))
        .setPaymentMethod(PaymentMethod.PAYPAL)
        .setDeviceId("device-7")
        .setIp("192.0.2.10")
        .setCountry("United Kingdom")
        .setUserAgentFamily("Safari")
        .setTrafficSource("Ads")
        .setAccountCreatedTime(at.minusSeconds(12))
        .setEventTime(at)
        .build();
  }

  public static SegmentChange segmentChange(String user, String segmentId, Instant at) {
    return SegmentChange.newBuilder()
        .setUserId(user)
        .setPreviousSegmentId("window-shoppers")
        .setPreviousSegmentName("window shoppers")
        .setSegmentId(segmentId)
        .setSegmentName("frequent high-spend buyers")
        .setConfidence(0.83)
        .setProbabilities(Map.of(segmentId, 0.83, "window-shoppers", 0.17))
        .setReasons(List.of(new Reason("distinctPurchaseDays30d", 6.0, "bought on 6 distinct days in 30 days")))
        .setModelVersion("2024-03-01.1")
        .setTriggeringEventTime(at)
        .setEmittedTime(at.plusMillis(150))
        .build();
  }

  public static FraudAnomaly fraudAnomaly(String user, double score, Instant at) {
    return FraudAnomaly.newBuilder()
        .setUserId(user)
        .setOrderId("order-9")
        .setEventId("purchase-" + user)
        .setAmountMinor(99_900L)
        .setCurrency("USD")
        .setDeviceId("device-13")
        .setIp("198.51.100.7")
        .setScore(score)
        .setThreshold(0.9)
        .setSupervisedProbability(0.71)
        .setContributions(List.of(new FeatureContribution("accountAgeSeconds", 12.0, 0.6, "purchase 12 s after sign-up")))
        .setModelVersion("2024-03-01.1")
        .setEventTime(at)
        .setEmittedTime(at.plusSeconds(1))
        .build();
  }

  public static ModelRelease modelRelease(String version, Instant at) {
    return ModelRelease.newBuilder()
        .setModelVersion(version)
        .setRole(ModelRole.SHADOW)
        .setCreatedTime(at.minusSeconds(3_600))
        .setPublishedTime(at)
        .setChecksumSha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
        .setFeatureDefinitionHash("f00d")
        .setBundle(ByteBuffer.wrap("PK\u0003\u0004bundle".getBytes(StandardCharsets.ISO_8859_1)))
        .setBundleUri("file:/models/" + version + ".zip")
        .setMetrics(Map.of("macroF1", 0.81, "baselineMacroF1", 0.64))
        .setNotes("retrained on March data")
        .build();
  }
}
