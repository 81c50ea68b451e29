package io.segmenter.trainer.predict;

import java.time.Duration;
import java.util.Locale;

/** Short text for the periods the trainer prints ({@code 7d}, {@code 39w}, {@code 1h}, {@code 90m}). */
final class Durations {

    private Durations() {
    }

    static String text(Duration d) {
        long seconds = d.getSeconds();
        if (seconds % (7 * 86_400) == 0 && seconds >= 14 * 86_400 && d.getNano() == 0) {
            return seconds / (7 * 86_400) + "w";
        }
        if (seconds % 86_400 == 0 && d.getNano() == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0 && d.getNano() == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0 && d.getNano() == 0) {
            return seconds / 60 + "m";
        }
        long minutes = seconds / 60;
        return minutes >= 60 ? minutes / 60 + "h" + minutes % 60 + "m" : d.toString().toLowerCase(Locale.ROOT);
    }
}
