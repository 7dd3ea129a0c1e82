package dev.revoke.bench.report;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** PNG charts with JFreeChart, drawn headless. */
final class Charts {
    static final int WIDTH = 900;
    static final int HEIGHT = 520;

    private static final Color[] PALETTE = {
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
            new Color(0x9467bd), new Color(0x8c564b),
    };

    private Charts() {
    }

    /** One line per series: x to (score, error). Error bars where JMH gave an error. */
    static final class Lines {
        final Map<String, YIntervalSeries> series = new LinkedHashMap<>();

        void add(String name, double x, double y, double err) {
            YIntervalSeries s = series.computeIfAbsent(name, YIntervalSeries::new);
            double e = Double.isNaN(err) ? 0 : err;
            s.add(x, y, Math.max(y - e, y * 0.01), y + e);
        }

        boolean isEmpty() {
            return series.isEmpty();
        }
    }

    /** An XY chart with a log x axis (and optionally a log y axis). */
    static void lines(Path png, String title, String xLabel, String yLabel, Lines data, boolean logY) throws IOException {
        YIntervalSeriesCollection ds = new YIntervalSeriesCollection();
        data.series.values().forEach(ds::addSeries);
        LogAxis x = new LogAxis(xLabel);
        x.setBase(10);
        x.setSmallestValue(0.5);
        x.setNumberFormatOverride(new DecimalFormat("#,##0"));
        x.setTickUnit(new NumberTickUnit(1));
        NumberAxis y;
        if (logY) {
            LogAxis ly = new LogAxis(yLabel);
            ly.setBase(10);
            ly.setNumberFormatOverride(new DecimalFormat("#,##0.#"));
            ly.setTickUnit(new NumberTickUnit(1));
            XYErrorRenderer r = renderer();
            XYPlot plot = new XYPlot(ds, x, ly, r);
            save(png, title, plot);
            return;
        }
        y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(ds, x, y, renderer());
        save(png, title, plot);
    }

    private static XYErrorRenderer renderer() {
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDefaultLinesVisible(true);
        r.setDefaultShapesVisible(true);
        r.setDrawXError(false);
        r.setDrawYError(true);
        for (int i = 0; i < PALETTE.length; i++) {
            r.setSeriesPaint(i, PALETTE[i]);
        }
        return r;
    }

    private static void save(Path png, String title, XYPlot plot) throws IOException {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        write(png, chart);
    }

    /** A grouped bar chart: categories along x, one bar per series in each. */
    static void bars(Path png, String title, String categoryLabel, String valueLabel,
                     DefaultCategoryDataset data, boolean labels) throws IOException {
        CategoryAxis x = new CategoryAxis(categoryLabel);
        x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        NumberAxis y = new NumberAxis(valueLabel);
        BarRenderer r = new BarRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setItemMargin(0.05);
        for (int i = 0; i < PALETTE.length; i++) {
            r.setSeriesPaint(i, PALETTE[i]);
        }
        if (labels) {
            r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("#,##0.#")));
            r.setDefaultItemLabelsVisible(true);
            r.setDefaultItemLabelFont(new Font("SansSerif", Font.PLAIN, 10));
        }
        CategoryPlot plot = new CategoryPlot(data, x, y, r);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        write(png, chart);
    }

    private static void write(Path png, JFreeChart chart) throws IOException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }
}
