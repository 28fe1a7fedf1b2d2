package org.ordersweep.analysis;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/** Small self-contained SVG charts: no scripts, no fonts or files fetched, every label escaped. */
final class Svg {

    /** A labelled value with an optional interval (NaN bounds: none) and emphasis. */
    record Bar(String label, double value, double low, double high, boolean emphasis) {
    }

    record Point(String label, double x, double y, boolean emphasis) {
    }

    record Series(String label, List<double[]> points) {
    }

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};

    private Svg() {
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
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

    private static String f(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    /** Horizontal bars with interval whiskers; {@code zero} draws the axis at 0 for signed effects. */
    static String bars(String title, List<Bar> bars, String unit, boolean zero) {
        return bars(title, bars, unit, zero, null);
    }

    /** @param range the axis' fixed [min, max] (accuracy: 0 to 1, so a small spread looks small), or null = fit */
    static String bars(String title, List<Bar> bars, String unit, boolean zero, double[] range) {
        return chart(title, bars, unit, zero, range);
    }

    /**
     * Dots with interval whiskers on an axis fitted to them: the same rows as {@link #bars} where the spread is small
     * beside the values (accuracies within a point or two), which a bar from zero would hide. {@code marker} draws a
     * dashed line at that value (e.g. the best mean minus the margin), or NaN for none.
     */
    static String dots(String title, List<Bar> dots, String unit, double marker) {
        return chart(title, dots, unit, false, null, true, marker);
    }

    private static String chart(String title, List<Bar> bars, String unit, boolean zero, double[] range) {
        return chart(title, bars, unit, zero, range, false, Double.NaN);
    }

    private static String chart(String title, List<Bar> bars, String unit, boolean zero, double[] range,
                                boolean dots, double marker) {
        int rowH = 18;
        int left = 230;
        int width = 760;
        int plotW = width - left - 70;
        int height = 40 + rowH * bars.size() + 30;
        double min = zero ? 0 : Double.MAX_VALUE;
        double max = zero ? 0 : -Double.MAX_VALUE;
        for (Bar b : bars) {
            for (double v : new double[]{b.value(), b.low(), b.high(), marker}) {
                if (!Double.isNaN(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (range != null) {
            min = range[0];
            max = range[1];
        } else if (!zero) {
            double pad = Math.max(0.005, (max - min) * 0.1);
            min -= pad;
            max += pad;
        } else {
            double m = Math.max(Math.abs(min), Math.abs(max)) * 1.1 + 1e-9;
            min = -m;
            max = m;
        }
        double lo = min;
        double span = max - min;
        DoubleUnaryOperator x = v -> left + (v - lo) / span * plotW;
        StringBuilder sb = open(width, height, title);
        for (int i = 0; i <= 4; i++) {
            double v = min + span * i / 4;
            double px = x.applyAsDouble(v);
            sb.append("<line x1=\"").append(f(px)).append("\" y1=\"30\" x2=\"").append(f(px)).append("\" y2=\"")
                    .append(height - 25).append("\" stroke=\"#ddd\"/>");
            sb.append("<text x=\"").append(f(px)).append("\" y=\"").append(height - 10)
                    .append("\" font-size=\"10\" text-anchor=\"middle\">")
                    .append(String.format(Locale.ROOT, "%.3f", v)).append("</text>");
        }
        double base = zero ? x.applyAsDouble(0) : left;
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double y = 35 + i * rowH;
            double px = x.applyAsDouble(b.value());
            sb.append("<text x=\"").append(left - 6).append("\" y=\"").append(f(y + 12))
                    .append("\" font-size=\"11\" text-anchor=\"end\" font-family=\"monospace\">").append(esc(b.label()))
                    .append("</text>");
            String tip = "<title>" + esc(b.label() + ": " + String.format(Locale.ROOT, "%.4f", b.value()) + unit)
                    + "</title>";
            String fill = b.emphasis() ? "#1f77b4" : "#aec7e8";
            if (!dots) {
                sb.append("<rect class=\"bar\" x=\"").append(f(Math.min(base, px))).append("\" y=\"")
                        .append(f(y + 2)).append("\" width=\"").append(f(Math.max(1, Math.abs(px - base))))
                        .append("\" height=\"").append(rowH - 5).append("\" fill=\"").append(fill).append("\">")
                        .append(tip).append("</rect>");
            }
            if (!Double.isNaN(b.low())) {
                double yl = y + rowH / 2.0;
                sb.append("<line x1=\"").append(f(x.applyAsDouble(b.low()))).append("\" y1=\"").append(f(yl))
                        .append("\" x2=\"").append(f(x.applyAsDouble(b.high()))).append("\" y2=\"").append(f(yl))
                        .append("\" stroke=\"#333\" stroke-width=\"1.5\"/>");
            }
            if (dots) { // over its whisker
                sb.append("<circle class=\"dot\" cx=\"").append(f(px)).append("\" cy=\"").append(f(y + rowH / 2.0))
                        .append("\" r=\"5\" fill=\"").append(fill).append("\" stroke=\"#333\">").append(tip)
                        .append("</circle>");
            }
        }
        if (!Double.isNaN(marker)) {
            double px = x.applyAsDouble(marker);
            sb.append("<line class=\"marker\" x1=\"").append(f(px)).append("\" y1=\"30\" x2=\"").append(f(px))
                    .append("\" y2=\"").append(height - 25).append("\" stroke=\"#d62728\" stroke-dasharray=\"4 3\"/>");
        }
        if (zero) {
            sb.append("<line x1=\"").append(f(base)).append("\" y1=\"30\" x2=\"").append(f(base)).append("\" y2=\"")
                    .append(height - 25).append("\" stroke=\"#000\"/>");
        }
        return sb.append("</svg>").toString();
    }

    /** A scatter plot; emphasised points (the Pareto front) are joined by a line. */
    static String scatter(String title, String xLabel, String yLabel, List<Point> points) {
        int width = 760;
        int height = 420;
        int left = 60;
        int bottom = 50;
        double minX = points.stream().mapToDouble(Point::x).min().orElse(0);
        double maxX = points.stream().mapToDouble(Point::x).max().orElse(1);
        double minY = points.stream().mapToDouble(Point::y).min().orElse(0);
        double maxY = points.stream().mapToDouble(Point::y).max().orElse(1);
        double sx = Math.max(1e-9, maxX - minX) * 1.1;
        double sy = Math.max(1e-9, maxY - minY) * 1.1;
        double x0 = minX - sx * 0.05;
        double y0 = minY - sy * 0.05;
        DoubleUnaryOperator px = v -> left + (v - x0) / sx * (width - left - 20);
        DoubleUnaryOperator py = v -> height - bottom - (v - y0) / sy * (height - bottom - 40);
        StringBuilder sb = open(width, height, title);
        axes(sb, width, height, left, bottom, xLabel, yLabel, x0, sx, y0, sy);
        StringBuilder front = new StringBuilder();
        points.stream().filter(Point::emphasis).sorted(Comparator.comparingDouble(Point::x))
                .forEach(p -> front.append(f(px.applyAsDouble(p.x()))).append(',')
                        .append(f(py.applyAsDouble(p.y()))).append(' '));
        sb.append("<polyline points=\"").append(front).append("\" fill=\"none\" stroke=\"#d62728\"/>");
        for (Point p : points) {
            sb.append("<circle class=\"point\" cx=\"").append(f(px.applyAsDouble(p.x()))).append("\" cy=\"")
                    .append(f(py.applyAsDouble(p.y()))).append("\" r=\"").append(p.emphasis() ? 5 : 3)
                    .append("\" fill=\"").append(p.emphasis() ? "#d62728" : "#1f77b4").append("\"><title>")
                    .append(esc(p.label())).append("</title></circle>");
        }
        return sb.append("</svg>").toString();
    }

    /** Lines of (x, y) points with a legend. */
    static String lines(String title, String xLabel, String yLabel, List<Series> series) {
        int width = 760;
        int height = 380;
        int left = 60;
        int bottom = 50;
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (Series s : series) {
            for (double[] p : s.points()) {
                minX = Math.min(minX, p[0]);
                maxX = Math.max(maxX, p[0]);
                minY = Math.min(minY, p[1]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        double sx = Math.max(1, maxX - minX);
        double sy = Math.max(1e-3, maxY - minY) * 1.1;
        double x0 = minX;
        double y0 = minY - sy * 0.05;
        DoubleUnaryOperator px = v -> left + (v - x0) / sx * (width - left - 220);
        DoubleUnaryOperator py = v -> height - bottom - (v - y0) / sy * (height - bottom - 40);
        StringBuilder sb = open(width, height, title);
        axes(sb, width - 200, height, left, bottom, xLabel, yLabel, x0, sx, y0, sy);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder pts = new StringBuilder();
            s.points().forEach(p -> pts.append(f(px.applyAsDouble(p[0]))).append(',')
                    .append(f(py.applyAsDouble(p[1]))).append(' '));
            sb.append("<polyline class=\"curve\" points=\"").append(pts).append("\" fill=\"none\" stroke=\"")
                    .append(colour).append("\" stroke-width=\"2\"><title>").append(esc(s.label()))
                    .append("</title></polyline>");
            sb.append("<text x=\"").append(width - 195).append("\" y=\"").append(45 + 16 * i)
                    .append("\" font-size=\"11\" font-family=\"monospace\" fill=\"").append(colour).append("\">")
                    .append(esc(s.label())).append("</text>");
        }
        return sb.append("</svg>").toString();
    }

    /** The chart's opening tag, accessible title and visible heading. */
    private static StringBuilder open(int width, int height, String title) {
        return new StringBuilder("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width
                + "\" height=\"" + height + "\" role=\"img\" aria-label=\"" + esc(title) + "\"><title>" + esc(title)
                + "</title><text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">" + esc(title) + "</text>");
    }

    private static void axes(StringBuilder sb, int width, int height, int left, int bottom, String xLabel,
                             String yLabel, double x0, double sx, double y0, double sy) {
        sb.append("<line x1=\"").append(left).append("\" y1=\"").append(height - bottom).append("\" x2=\"")
                .append(width - 20).append("\" y2=\"").append(height - bottom).append("\" stroke=\"#000\"/>");
        sb.append("<line x1=\"").append(left).append("\" y1=\"40\" x2=\"").append(left).append("\" y2=\"")
                .append(height - bottom).append("\" stroke=\"#000\"/>");
        for (int i = 0; i <= 4; i++) {
            double xv = x0 + sx * i / 4;
            double yv = y0 + sy * i / 4;
            double xp = left + (width - left - 20) * i / 4.0;
            double yp = height - bottom - (height - bottom - 40) * i / 4.0;
            sb.append("<text x=\"").append(f(xp)).append("\" y=\"").append(height - bottom + 15)
                    .append("\" font-size=\"10\" text-anchor=\"middle\">")
                    .append(String.format(Locale.ROOT, "%.2f", xv)).append("</text>");
            sb.append("<text x=\"").append(left - 5).append("\" y=\"").append(f(yp + 3))
                    .append("\" font-size=\"10\" text-anchor=\"end\">")
                    .append(String.format(Locale.ROOT, "%.3f", yv)).append("</text>");
        }
        sb.append("<text x=\"").append((width + left) / 2).append("\" y=\"").append(height - 12)
                .append("\" font-size=\"12\" text-anchor=\"middle\">").append(esc(xLabel)).append("</text>");
        sb.append("<text x=\"14\" y=\"").append(height / 2).append("\" font-size=\"12\" transform=\"rotate(-90 14 ")
                .append(height / 2).append(")\" text-anchor=\"middle\">").append(esc(yLabel)).append("</text>");
    }
}
