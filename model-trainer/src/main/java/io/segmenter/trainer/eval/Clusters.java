package io.segmenter.trainer.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Which rows a bootstrap resamples together: rows with the same key (a user seen at several time cuts)
 * form one cluster. Clusters are numbered in order of first appearance, so a seed gives the same
 * resamples whatever the key type. Immutable.
 */
public final class Clusters {

    private final int[][] members;
    private final int rows;

    private Clusters(int[][] members, int rows) {
        this.members = members;
        this.rows = rows;
    }

    /**
     * Row {@code i} belongs to the cluster of {@code keys.get(i)} (compared with {@code equals}).
     *
     * @throws IllegalArgumentException without rows or with a null key
     */
    public static Clusters of(List<?> keys) {
        Objects.requireNonNull(keys, "keys");
        Checks.nonEmpty("rows", keys.size());
        Map<Object, List<Integer>> byKey = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            Object key = keys.get(i);
            if (key == null) {
                throw new IllegalArgumentException("key of row " + i + " is null");
            }
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        int[][] members = new int[byKey.size()][];
        int c = 0;
        for (List<Integer> rowsOfKey : byKey.values()) {
            members[c++] = rowsOfKey.stream().mapToInt(Integer::intValue).toArray();
        }
        return new Clusters(members, keys.size());
    }

    /** Row {@code i} belongs to the cluster of {@code ids[i]}. */
    public static Clusters of(long[] ids) {
        Objects.requireNonNull(ids, "ids");
        List<Long> keys = new ArrayList<>(ids.length);
        for (long id : ids) {
            keys.add(id);
        }
        return of(keys);
    }

    /** Every row its own cluster: the ordinary row bootstrap. */
    public static Clusters singletons(int rows) {
        if (rows <= 0) {
            throw new IllegalArgumentException("need at least 1 row, got " + rows);
        }
        int[][] members = new int[rows][];
        for (int i = 0; i < rows; i++) {
            members[i] = new int[] {i};
        }
        return new Clusters(members, rows);
    }

    public int rows() {
        return rows;
    }

    public int count() {
        return members.length;
    }

    /** The rows of {@code count()} clusters drawn with replacement, each cluster's rows together. */
    int[] resample(SplittableRandom random) {
        int[] drawn = new int[count()];
        int length = 0;
        for (int c = 0; c < drawn.length; c++) {
            drawn[c] = random.nextInt(members.length);
            length += members[drawn[c]].length;
        }
        int[] out = new int[length];
        int at = 0;
        for (int c : drawn) {
            System.arraycopy(members[c], 0, out, at, members[c].length);
            at += members[c].length;
        }
        return out;
    }
}
