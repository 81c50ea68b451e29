package io.segmenter.features;

/**
 * What one device's (or one IP's) {@link NetworkActivityState} saw before a purchase: distinct
 * users and purchases in the last 24 hours and 10 minutes.
 */
public record ActivityCounts(int users24h, int purchases24h, int users10m, int purchases10m) {

    /** Nothing seen, and what a purchase without a device (or IP) gets. */
    public static final ActivityCounts ZERO = new ActivityCounts(0, 0, 0, 0);

    public ActivityCounts {
        if (users24h < 0 || purchases24h < 0 || users10m < 0 || purchases10m < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        if (users24h > purchases24h || users10m > purchases10m || purchases10m > purchases24h || users10m > users24h) {
            throw new IllegalArgumentException("inconsistent counts: " + users24h + "/" + purchases24h + " "
                    + users10m + "/" + purchases10m);
        }
    }
}
