package io.segmenter.stream.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL to find which series an expression reads: the metric names and, for each,
 * the label matchers in its braces. Skips strings, ranges ({@code [5m]}, Grafana's
 * {@code [$__rate_interval]}), functions and aggregations (an identifier followed by {@code (}),
 * keywords, {@code by (...)}-style label lists, {@code offset} durations and numbers.
 */
final class PromQl {

    /** {@code metric{label op "value", ...}}: the label matchers of one selector. */
    record Selector(String metric, Map<String, String> equalities, Set<String> labelNames) {
    }

    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar", "count",
            "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan", "start", "end");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`)");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*\\)\\s*$", Pattern.DOTALL);

    private PromQl() {
    }

    static Set<String> metricNames(String expr) {
        Set<String> names = new TreeSet<>();
        selectors(expr).forEach(s -> names.add(s.metric()));
        return names;
    }

    /** The expression inside a Grafana {@code label_values(expr, label)} variable query, else the query itself. */
    static String grafanaVariableQuery(String query) {
        Matcher m = LABEL_VALUES.matcher(query);
        return m.matches() ? m.group(1) : query;
    }

    static List<Selector> selectors(String expr) {
        List<Selector> selectors = new ArrayList<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
            } else if (c == '[') {
                i = skipTo(expr, i, ']');
            } else if (c == '{') {
                i = skipTo(expr, i, '}'); // a selector without a metric name
            } else if (isIdentifierStart(c) && !partOfNumberOrVariable(expr, i)) {
                int end = i + 1;
                while (end < n && isIdentifierPart(expr.charAt(end))) {
                    end++;
                }
                String word = expr.substring(i, end);
                int next = skipSpace(expr, end);
                boolean call = next < n && expr.charAt(next) == '(';
                if (LABEL_LIST_KEYWORDS.contains(word)) {
                    i = call ? skipTo(expr, next, ')') : end;
                } else if (word.equals("offset")) {
                    i = skipDuration(expr, next);
                } else if (call || AGGREGATIONS.contains(word) || KEYWORDS.contains(word)) {
                    i = end;
                } else if (next < n && expr.charAt(next) == '{') {
                    int close = skipTo(expr, next, '}');
                    selectors.add(selector(word, expr.substring(next + 1, close - 1)));
                    i = close;
                } else {
                    selectors.add(new Selector(word, Map.of(), Set.of()));
                    i = end;
                }
            } else {
                i++;
            }
        }
        return selectors;
    }

    private static Selector selector(String metric, String matchers) {
        Map<String, String> equalities = new LinkedHashMap<>();
        Set<String> labels = new TreeSet<>();
        Matcher m = MATCHER.matcher(matchers);
        while (m.find()) {
            labels.add(m.group(1));
            if (m.group(2).equals("=")) {
                String quoted = m.group(3);
                equalities.put(m.group(1), quoted.substring(1, quoted.length() - 1));
            }
        }
        return new Selector(metric, equalities, labels);
    }

    private static boolean partOfNumberOrVariable(String expr, int i) {
        if (i == 0) {
            return false;
        }
        char before = expr.charAt(i - 1);
        return Character.isDigit(before) || before == '.' || before == '$' || isIdentifierPart(before);
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || Character.isDigit(c);
    }

    private static int skipSpace(String expr, int i) {
        while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipDuration(String expr, int i) {
        if (i < expr.length() && expr.charAt(i) == '-') {
            i++;
        }
        while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '$' || expr.charAt(i) == '_')) {
            i++;
        }
        return i;
    }

    /** The index after the quoted string starting at {@code start}. */
    private static int skipString(String expr, int start) {
        char quote = expr.charAt(start);
        int i = start + 1;
        while (i < expr.length() && expr.charAt(i) != quote) {
            i += expr.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        return i + 1;
    }

    /** The index after the {@code close} that ends the group opened at {@code open}, skipping strings. */
    private static int skipTo(String expr, int open, char close) {
        char opening = expr.charAt(open);
        int depth = 0;
        int i = open;
        while (i < expr.length()) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
                continue;
            }
            if (c == opening) {
                depth++;
            } else if (c == close && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        throw new IllegalArgumentException("unbalanced '" + opening + "' at " + open + " in: " + expr);
    }
}
