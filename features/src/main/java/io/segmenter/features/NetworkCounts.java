package io.segmenter.features;

import java.util.Objects;

/**
 * The per-device and per-IP context of one purchase, as the fraud vector reads it: distinct users
 * and purchases seen on the purchase's device and IP in the last 24 hours and 10 minutes, strictly
 * before the purchase itself. The stream computes the device half in the device-keyed processor
 * and the IP half in the IP-keyed one, and joins them with {@link #withDevice} / {@link #withIp}.
 */
public record NetworkCounts(
        int deviceUsers24h, int devicePurchases24h, int deviceUsers10m, int devicePurchases10m,
        int ipUsers24h, int ipPurchases24h, int ipUsers10m, int ipPurchases10m) {

    /** No device or IP context (no device or IP on the purchase, or nothing seen yet). */
    public static final NetworkCounts NONE = new NetworkCounts(0, 0, 0, 0, 0, 0, 0, 0);

    public NetworkCounts {
        // validates both halves
        new ActivityCounts(deviceUsers24h, devicePurchases24h, deviceUsers10m, devicePurchases10m);
        new ActivityCounts(ipUsers24h, ipPurchases24h, ipUsers10m, ipPurchases10m);
    }

    public static NetworkCounts of(ActivityCounts device, ActivityCounts ip) {
        return NONE.withDevice(device).withIp(ip);
    }

    /** A copy with the device half replaced. */
    public NetworkCounts withDevice(ActivityCounts d) {
        Objects.requireNonNull(d, "device counts");
        return new NetworkCounts(d.users24h(), d.purchases24h(), d.users10m(), d.purchases10m(),
                ipUsers24h, ipPurchases24h, ipUsers10m, ipPurchases10m);
    }

    /** A copy with the IP half replaced. */
    public NetworkCounts withIp(ActivityCounts i) {
        Objects.requireNonNull(i, "ip counts");
        return new NetworkCounts(deviceUsers24h, devicePurchases24h, deviceUsers10m, devicePurchases10m,
                i.users24h(), i.purchases24h(), i.users10m(), i.purchases10m());
    }

    public ActivityCounts device() {
        return new ActivityCounts(deviceUsers24h, devicePurchases24h, deviceUsers10m, devicePurchases10m);
    }

    public ActivityCounts ip() {
        return new ActivityCounts(ipUsers24h, ipPurchases24h, ipUsers10m, ipPurchases10m);
    }
}
