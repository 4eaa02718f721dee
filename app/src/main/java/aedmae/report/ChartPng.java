package aedmae.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Shared plumbing of the charts: a plain white style, PNG output. */
final class ChartPng {
    private ChartPng() {}

    /** A white-background chart style with light grid lines. */
    static void plainStyle(XYChart chart) {
        XYStyler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.GRAY);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setLegendPosition(Styler.LegendPosition.InsideSE);
        s.setAntiAlias(true);
    }

    /** Renders the chart and writes it as PNG to file (parent folders created). */
    static void write(XYChart chart, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        BufferedImage img = BitmapEncoder.getBufferedImage(chart);
        if (!ImageIO.write(img, "png", file.toFile())) throw new IOException(file + ": no PNG writer available");
    }
}
