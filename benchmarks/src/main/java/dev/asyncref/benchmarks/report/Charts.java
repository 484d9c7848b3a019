package dev.asyncref.benchmarks.report;

import dev.asyncref.benchmarks.scale.Contenders;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The page's charts, drawn by JFreeChart into PNG files: one question each, axes labelled with their units,
 * one colour per contender on every chart, the references dashed.
 */
final class Charts {

    static final int WIDTH = 900;
    static final int HEIGHT = 520;

    private static final Color[] PALETTE = {
        new Color(0x444444), new Color(0x999999), new Color(0xBBBBBB), // the references: greys
        new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0xD62728),
        new Color(0x9467BD), new Color(0x8C564B),
    };

    private Charts() {}

    /** A line per contender over N (or another count), the x axis logarithmic. */
    static void lines(Path file, String title, String subtitle, String xLabel, String yLabel,
            Map<Contenders, List<double[]>> points, boolean logY) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        int index = 0;
        for (Map.Entry<Contenders, List<double[]>> series : points.entrySet()) {
            XYSeries line = new XYSeries(series.getKey().label());
            series.getValue().stream().filter(point -> Double.isFinite(point[1]) && point[1] > 0)
                    .forEach(point -> line.add(point[0], point[1]));
            data.addSeries(line);
            renderer.setSeriesPaint(index, colour(series.getKey()));
            renderer.setSeriesStroke(index, series.getKey().reference()
                    ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(2.2f));
            index++;
        }
        LogAxis x = new LogAxis(xLabel);
        x.setBase(10);
        x.setTickUnit(new NumberTickUnit(1)); // a tick at each power of ten
        x.setNumberFormatOverride(new DecimalFormat("#,##0"));
        x.setSmallestValue(1);
        ValueAxis y = logY ? logAxis(yLabel) : new NumberAxis(yLabel);
        if (y instanceof NumberAxis number) {
            number.setAutoRangeIncludesZero(true);
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        write(file, chart(title, subtitle, plot));
    }

    /** Bars per category (a contender), one colour per series (an operation or a percentile). */
    static void bars(Path file, String title, String subtitle, String valueLabel, DefaultCategoryDataset data,
            boolean logY) throws IOException {
        CategoryAxis categories = new CategoryAxis();
        categories.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        Color[] seriesColours = {new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0x9467BD)};
        for (int i = 0; i < data.getRowCount(); i++) {
            renderer.setSeriesPaint(i, seriesColours[i % seriesColours.length]);
        }
        ValueAxis y = logY ? logAxis(valueLabel) : new NumberAxis(valueLabel);
        CategoryPlot plot = new CategoryPlot(data, categories, y, renderer);
        write(file, chart(title, subtitle, plot));
    }

    static Color colour(Contenders contender) {
        return PALETTE[contender.ordinal() % PALETTE.length];
    }

    /** A logarithmic axis ticked at each doubling: 1, 2, 4, 8, and so on. */
    private static LogAxis logAxis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(2);
        axis.setTickUnit(new NumberTickUnit(1));
        axis.setNumberFormatOverride(new DecimalFormat("#,##0.##"));
        axis.setSmallestValue(0.01);
        return axis;
    }

    private static JFreeChart chart(String title, String subtitle, org.jfree.chart.plot.Plot plot) {
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        chart.setBackgroundPaint(Color.WHITE);
        plot.setBackgroundPaint(Color.WHITE);
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
            xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
        } else if (plot instanceof CategoryPlot category) {
            category.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        return chart;
    }

    private static void write(Path file, JFreeChart chart) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        }
    }
}
