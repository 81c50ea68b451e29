package io.segmenter.trainer.report;

import java.util.List;
import java.util.Locale;

/**
 * Small inline-SVG charts for the training report: no script, no external resource, well-formed
 * XML (so the report parses as XHTML). Every chart is a fixed-size {@code <svg>} element; marks
 * carry a {@code class} ({@code bar}, {@code cell}, {@code line}, {@code point}) so tests can count them.
 */
public final class Svg {

    static final String NS = "http://www.w3.org/2000/svg";
    private static final int LABEL_WIDTH = 230;
    private static final int BAR_HEIGHT = 22;
    private static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};

    private Svg() {
    }

    /** One line series: its name, and x/y in [0, 1] unless the chart says otherwise. */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
            }
            x = x.clone();
            y = y.clone();
        }
    }

    /** A labelled point drawn on a line chart (e.g. a hand rule on the precision-recall plane). */
    public record Point(String name, double x, double y) {
    }

    /** Horizontal bars, one per label, scaled to the largest value; each bar's value printed with {@code format}. */
    public static String bars(String title, List<String> labels, double[] values, String format) {
        if (labels.size() != values.length) {
            throw new IllegalArgumentException(labels.size() + " labels but " + values.length + " values");
        }
        int plot = 360;
        int height = 30 + BAR_HEIGHT * values.length + 10;
        double max = 0;
        for (double v : values) {
            max = Double.isFinite(v) ? Math.max(max, v) : max;
        }
        StringBuilder sb = open(LABEL_WIDTH + plot + 90, height, title);
        for (int i = 0; i < values.length; i++) {
            int y = 30 + i * BAR_HEIGHT;
            double v = Double.isFinite(values[i]) ? values[i] : 0;
            double w = max == 0 ? 0 : plot * v / max;
            text(sb, LABEL_WIDTH - 6, y + 15, "end", labels.get(i));
            sb.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
                    LABEL_WIDTH, y + 2, w, BAR_HEIGHT - 6, PALETTE[i % PALETTE.length]));
            text(sb, (int) (LABEL_WIDTH + w + 6), y + 15, "start",
                    Double.isFinite(values[i]) ? String.format(Locale.ROOT, format, values[i]) : "n/a");
        }
        return close(sb);
    }

    /**
     * A heat map of signed values (e.g. z-scores): blue below 0, red above, white at 0, saturated at
     * |value| = {@code saturation}; each cell shows its value.
     */
    public static String heatMap(String title, List<String> rows, List<String> columns, double[][] values, double saturation) {
        int cell = 34;
        int top = 150;
        int width = LABEL_WIDTH + cell * columns.size() + 110; // room for the last rotated column label
        int height = top + cell * rows.size() + 10;
        StringBuilder sb = open(width, height, title);
        for (int c = 0; c < columns.size(); c++) {
            int x = LABEL_WIDTH + c * cell + cell / 2;
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" transform=\"rotate(-60 %d %d)\">%s</text>",
                    x, top - 6, x, top - 6, escape(columns.get(c))));
        }
        for (int r = 0; r < rows.size(); r++) {
            int y = top + r * cell;
            text(sb, LABEL_WIDTH - 6, y + cell / 2 + 4, "end", rows.get(r));
            for (int c = 0; c < columns.size(); c++) {
                double v = values[r][c];
                int x = LABEL_WIDTH + c * cell;
                sb.append(String.format(Locale.ROOT, "<rect class=\"cell\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
                        x, y, cell - 1, cell - 1, diverging(v, saturation)));
                sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>",
                        x + cell / 2, y + cell / 2 + 4, Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : ""));
            }
        }
        return close(sb);
    }

    /**
     * A confusion matrix: rows actual, columns predicted (numbered 1..k in row order), shaded by the
     * share of the row; counts printed.
     */
    public static String confusion(String title, List<String> labels, int[][] counts) {
        int cell = 46;
        int left = LABEL_WIDTH;
        int top = 60;
        int width = Math.max(left + cell * labels.size() + 20, 560);
        int height = top + cell * labels.size() + 30;
        StringBuilder sb = open(width, height, title);
        text(sb, left, top - 22, "start", "predicted segment \u2192");
        for (int c = 0; c < labels.size(); c++) {
            text(sb, left + c * cell + cell / 2, top - 6, "middle", Integer.toString(c + 1));
        }
        for (int r = 0; r < labels.size(); r++) {
            long rowTotal = 0;
            for (int v : counts[r]) {
                rowTotal += v;
            }
            int y = top + r * cell;
            text(sb, left - 6, y + cell / 2 + 4, "end", labels.get(r));
            for (int c = 0; c < labels.size(); c++) {
                double share = rowTotal == 0 ? 0 : (double) counts[r][c] / rowTotal;
                int x = left + c * cell;
                sb.append(String.format(Locale.ROOT, "<rect class=\"cell\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
                        x, y, cell - 1, cell - 1, r == c ? blend("#ffffff", "#2ca02c", share) : blend("#ffffff", "#d62728", share)));
                text(sb, x + cell / 2, y + cell / 2 + 4, "middle", Integer.toString(counts[r][c]));
            }
        }
        text(sb, 4, height - 8, "start", "rows: actual segment; green diagonal = right, red = wrong; shade = share of the row");
        return close(sb);
    }

    /** Lines on [0, 1] x [0, 1] with axes, a legend and optional labelled points; {@code diagonal} draws y = x. */
    public static String lines(String title, String xLabel, String yLabel, List<Series> series, List<Point> points,
            boolean diagonal) {
        int left = 60;
        int top = 30;
        int size = 300;
        int width = left + size + 260;
        int height = top + size + 50;
        StringBuilder sb = open(width, height, title);
        axes(sb, left, top, size, xLabel, yLabel);
        if (diagonal) {
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#aaa\" stroke-dasharray=\"4\"/>",
                    left, top + size, left + size, top));
        }
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < line.x().length; i++) {
                path.append(i == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f",
                        left + size * clamp(line.x()[i]), top + size * (1 - clamp(line.y()[i]))));
            }
            String colour = PALETTE[s % PALETTE.length];
            sb.append("<path class=\"line\" fill=\"none\" stroke-width=\"2\" stroke=\"").append(colour).append("\" d=\"")
                    .append(path).append("\"/>");
            legend(sb, left + size + 20, top + 10 + s * 18, colour, line.name());
        }
        for (int p = 0; p < points.size(); p++) {
            Point pt = points.get(p);
            double x = left + size * clamp(pt.x());
            double y = top + size * (1 - clamp(pt.y()));
            sb.append(String.format(Locale.ROOT, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#000\"/>", x, y));
            text(sb, (int) x + 6, (int) y - 4, "start", Integer.toString(p + 1));
            text(sb, left + size + 20, top + 10 + (series.size() + 1 + p) * 18 + 4, "start", (p + 1) + ": " + pt.name());
        }
        return close(sb);
    }

    /** Side-by-side histograms of shares over equal-width bins of [lo, hi]; each series' counts are normalised to its total. */
    public static String histogram(String title, String xLabel, double lo, double hi, List<String> names, List<long[]> counts) {
        int left = 60;
        int top = 30;
        int plotW = 420;
        int plotH = 220;
        int bins = counts.get(0).length;
        StringBuilder sb = open(left + plotW + 200, top + plotH + 50, title);
        double maxShare = 0;
        double[][] shares = new double[counts.size()][bins];
        for (int s = 0; s < counts.size(); s++) {
            long total = 0;
            for (long c : counts.get(s)) {
                total += c;
            }
            for (int b = 0; b < bins; b++) {
                shares[s][b] = total == 0 ? 0 : (double) counts.get(s)[b] / total;
                maxShare = Math.max(maxShare, shares[s][b]);
            }
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>",
                left, top + plotH, left + plotW, top + plotH));
        double binW = (double) plotW / bins;
        double barW = binW / counts.size();
        for (int s = 0; s < counts.size(); s++) {
            String colour = PALETTE[s % PALETTE.length];
            for (int b = 0; b < bins; b++) {
                double h = maxShare == 0 ? 0 : plotH * shares[s][b] / maxShare;
                sb.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                        left + b * binW + s * barW, top + plotH - h, Math.max(0.5, barW - 0.5), h, colour));
            }
            legend(sb, left + plotW + 20, top + 10 + s * 18, colour, names.get(s));
        }
        text(sb, left, top + plotH + 16, "middle", String.format(Locale.ROOT, "%.2f", lo));
        text(sb, left + plotW, top + plotH + 16, "middle", String.format(Locale.ROOT, "%.2f", hi));
        text(sb, left + plotW / 2, top + plotH + 36, "middle", xLabel);
        text(sb, left - 8, top + 10, "end", String.format(Locale.ROOT, "%.0f%%", maxShare * 100));
        return close(sb);
    }

    /** A line of the loss (or any) per epoch, scaled to its own range. */
    public static String curve(String title, String xLabel, double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (!(max > min)) {
            max = min + 1;
        }
        double[] x = new double[values.length];
        double[] y = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            x[i] = values.length == 1 ? 0 : (double) i / (values.length - 1);
            y[i] = Double.isFinite(values[i]) ? (values[i] - min) / (max - min) : 0;
        }
        return lines(title + String.format(Locale.ROOT, " (%.3g to %.3g)", min, max), xLabel, "", List.of(new Series("loss", x, y)),
                List.of(), false);
    }

    // ---- pieces

    private static StringBuilder open(int width, int height, String title) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"%s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"sans-serif\" font-size=\"12\" role=\"img\">", NS, width, height + 20, width, height + 20));
        sb.append("<title>").append(escape(title)).append("</title>");
        sb.append("<text x=\"4\" y=\"16\" font-size=\"14\" font-weight=\"bold\">").append(escape(title)).append("</text>");
        sb.append("<g transform=\"translate(0,20)\">");
        return sb;
    }

    private static String close(StringBuilder sb) {
        return sb.append("</g></svg>").toString();
    }

    private static void axes(StringBuilder sb, int left, int top, int size, String xLabel, String yLabel) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>",
                left, top, size, size));
        for (int t = 0; t <= 4; t++) {
            double f = t / 4.0;
            text(sb, left + (int) (size * f), top + size + 14, "middle", String.format(Locale.ROOT, "%.2f", f));
            text(sb, left - 4, top + size - (int) (size * f) + 4, "end", String.format(Locale.ROOT, "%.2f", f));
        }
        text(sb, left + size / 2, top + size + 32, "middle", xLabel);
        sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">%s</text>",
                top + size / 2, top + size / 2, escape(yLabel)));
    }

    private static void legend(StringBuilder sb, int x, int y, String colour, String name) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>", x, y - 10, colour));
        text(sb, x + 18, y, "start", name);
    }

    private static void text(StringBuilder sb, int x, int y, String anchor, String s) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">", x, y, anchor)).append(escape(s))
                .append("</text>");
    }

    private static double clamp(double v) {
        return Double.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
    }

    /** White at 0, blue for negative, red for positive, full colour at |v| >= saturation. */
    static String diverging(double v, double saturation) {
        if (!Double.isFinite(v)) {
            return "#eeeeee";
        }
        double t = Math.min(1, Math.abs(v) / saturation);
        return v >= 0 ? blend("#ffffff", "#d62728", t) : blend("#ffffff", "#1f77b4", t);
    }

    static String blend(String from, String to, double t) {
        int[] a = rgb(from);
        int[] b = rgb(to);
        return String.format(Locale.ROOT, "#%02x%02x%02x", mix(a[0], b[0], t), mix(a[1], b[1], t), mix(a[2], b[2], t));
    }

    private static int mix(int a, int b, double t) {
        return (int) Math.round(a + (b - a) * Math.max(0, Math.min(1, t)));
    }

    private static int[] rgb(String hex) {
        return new int[] {Integer.parseInt(hex.substring(1, 3), 16), Integer.parseInt(hex.substring(3, 5), 16),
                Integer.parseInt(hex.substring(5, 7), 16)};
    }

    /** XML text escaping. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
