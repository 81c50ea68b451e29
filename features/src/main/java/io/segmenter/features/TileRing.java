package io.segmenter.features;

import java.util.Arrays;

/**
 * One level of a user's time tiles: a ring of {@code tiles} fixed, epoch-aligned tiles of
 * {@code tileMillis} each, every tile a row of {@code fields} long counters, all in two primitive
 * arrays. Tile {@code i} covers {@code [i * tileMillis, (i + 1) * tileMillis)} and lives in slot
 * {@code floorMod(i, tiles)}; the slot remembers which tile it holds, so a slot left over from an
 * earlier lap reads as empty and is cleared when written again.
 *
 * <p>The "head" is the tile containing the newest event time of the state; only tiles in
 * {@code (head - tiles, head]} are retained: an event in an older tile does not touch this level,
 * and a read never sees such a tile, whether or not its slot was overwritten yet (so a state and
 * its decoded copy, which drops them, always read the same).
 */
final class TileRing {

    /** Tile levels: size, count and the columns each keeps. */
    enum Level {
        MINUTE("minute", 60_000L, 60, 4),
        HOUR("hour", 3_600_000L, 24, 7),
        DAY("day", 86_400_000L, 30, 16);

        private final String label;
        private final long tileMillis;
        private final int tiles;
        private final int fields;

        Level(String label, long tileMillis, int tiles, int fields) {
            this.label = label;
            this.tileMillis = tileMillis;
            this.tiles = tiles;
            this.fields = fields;
        }

        String label() {
            return label;
        }

        long tileMillis() {
            return tileMillis;
        }

        int tiles() {
            return tiles;
        }

        int fields() {
            return fields;
        }
    }

    // MINUTE columns
    static final int M_EVENTS = 0;
    static final int M_VIEWS = 1;
    static final int M_CARTS = 2;
    static final int M_PURCHASES = 3;

    // HOUR columns
    static final int H_EVENTS = 0;
    static final int H_VIEWS = 1;
    static final int H_CARTS = 2;
    static final int H_REMOVES = 3;
    static final int H_WISHLISTS = 4;
    static final int H_PURCHASES = 5;
    static final int H_SPEND_MINOR = 6;

    // DAY columns
    static final int D_EVENTS = 0;
    static final int D_VIEWS = 1;
    static final int D_CARTS = 2;
    static final int D_REMOVES = 3;
    static final int D_WISHLISTS = 4;
    static final int D_SEARCHES = 5;
    static final int D_PURCHASES = 6;
    static final int D_ITEMS = 7;
    static final int D_SPEND_MINOR = 8;
    static final int D_MAX_ORDER_MINOR = 9;
    static final int D_SESSIONS = 10;
    static final int D_SESSION_MILLIS = 11;
    static final int D_VIEW_PRICE_SUM_MINOR = 12;
    static final int D_VIEW_PRICE_COUNT = 13;
    static final int D_BOUGHT_PRICE_SUM_MINOR = 14;
    static final int D_BOUGHT_PRICE_COUNT = 15;

    /** Marks a slot that never held a tile. */
    static final long NO_TILE = Long.MIN_VALUE;

    final Level level;
    final long tileMillis;
    final int tiles;
    final int fields;
    /** Tile index held by each slot, or {@link #NO_TILE}. */
    final long[] tileIndex;
    /** Row-major counters: slot {@code s}, column {@code c} at {@code s * fields + c}. */
    final long[] counters;

    TileRing(Level level) {
        this.level = level;
        this.tileMillis = level.tileMillis();
        this.tiles = level.tiles();
        this.fields = level.fields();
        this.tileIndex = new long[tiles];
        this.counters = new long[tiles * fields];
        Arrays.fill(tileIndex, NO_TILE);
    }

    long tileOf(long millis) {
        return Math.floorDiv(millis, tileMillis);
    }

    boolean retained(long tile, long headTile) {
        return tile <= headTile && tile > headTile - tiles;
    }

    /**
     * Offset of the row for the tile containing {@code millis}, clearing a slot that holds an
     * older lap; -1 when that tile is older than the retained ones.
     */
    int rowForWrite(long millis, long headMillis) {
        long tile = tileOf(millis);
        if (!retained(tile, tileOf(headMillis))) {
            return -1;
        }
        int slot = (int) Math.floorMod(tile, (long) tiles);
        int row = slot * fields;
        if (tileIndex[slot] != tile) {
            tileIndex[slot] = tile;
            Arrays.fill(counters, row, row + fields, 0L);
        }
        return row;
    }

    /** Offset of the row holding {@code tile} if it is retained and present, else -1. */
    int rowIfPresent(long tile, long headTile) {
        if (!retained(tile, headTile)) {
            return -1;
        }
        int slot = (int) Math.floorMod(tile, (long) tiles);
        return tileIndex[slot] == tile ? slot * fields : -1;
    }

    /** Column sums over the window of {@code windowTiles} tiles ending with the tile containing {@code asOfMillis}. */
    long[] sums(long asOfMillis, int windowTiles, long headMillis) {
        long[] out = new long[fields];
        long headTile = tileOf(headMillis);
        long last = tileOf(asOfMillis);
        for (int k = 0; k < windowTiles; k++) {
            int row = rowIfPresent(last - k, headTile);
            if (row >= 0) {
                for (int c = 0; c < fields; c++) {
                    out[c] += counters[row + c];
                }
            }
        }
        return out;
    }

    /** Largest value of {@code column} over the window (0 when empty). */
    long max(int column, long asOfMillis, int windowTiles, long headMillis) {
        long max = 0;
        long headTile = tileOf(headMillis);
        long last = tileOf(asOfMillis);
        for (int k = 0; k < windowTiles; k++) {
            int row = rowIfPresent(last - k, headTile);
            if (row >= 0) {
                max = Math.max(max, counters[row + column]);
            }
        }
        return max;
    }

    /** Number of tiles in the window whose {@code column} is non-zero. */
    int tilesWithNonZero(int column, long asOfMillis, int windowTiles, long headMillis) {
        int n = 0;
        long headTile = tileOf(headMillis);
        long last = tileOf(asOfMillis);
        for (int k = 0; k < windowTiles; k++) {
            int row = rowIfPresent(last - k, headTile);
            if (row >= 0 && counters[row + column] != 0) {
                n++;
            }
        }
        return n;
    }

    boolean rowIsZero(int row) {
        for (int c = 0; c < fields; c++) {
            if (counters[row + c] != 0) {
                return false;
            }
        }
        return true;
    }

    void clear() {
        Arrays.fill(tileIndex, NO_TILE);
        Arrays.fill(counters, 0L);
    }
}
