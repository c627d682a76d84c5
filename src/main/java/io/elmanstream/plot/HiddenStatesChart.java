package io.elmanstream.plot;

import io.elmanstream.model.Activation;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;

import java.awt.Color;

/** A heatmap of the hidden units over an input: units up, steps across, the input symbol under each step. */
public final class HiddenStatesChart {
    private HiddenStatesChart() {
    }

    /** @param activation the hidden units' activation, which fixes the colour scale (tanh -1..1, sigmoid 0..1) */
    public static JFreeChart of(String title, HiddenStates s, Activation activation) {
        int units = s.units().length;
        int steps = s.symbols().length;
        double[][] xyz = new double[3][units * steps];
        for (int j = 0; j < units; j++) {
            for (int t = 0; t < steps; t++) {
                int i = j * steps + t;
                xyz[0][i] = t;
                xyz[1][i] = j;
                xyz[2][i] = s.units()[j][t];
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("hidden", xyz);
        double low = activation == Activation.TANH ? -1 : 0;
        LookupPaintScale scale = new LookupPaintScale(low, 1.0001, Color.WHITE);
        for (int k = 0; k <= 100; k++) {
            double v = low + (1 - low) * k / 100.0;
            float f = (float) (k / 100.0);
            scale.add(v, new Color(f, 0.3f * (1 - Math.abs(2 * f - 1)), 1 - f)); // blue (low) through purple to red (high)
        }
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        String[] labels = new String[steps];
        for (int t = 0; t < steps; t++) labels[t] = visible(s.symbols()[t]);
        SymbolAxis x = new SymbolAxis("input", labels);
        x.setGridBandsVisible(false);
        NumberAxis y = new NumberAxis("hidden unit");
        y.setRange(-0.5, units - 0.5);
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart(title, plot);
        chart.removeLegend();
        NumberAxis scaleAxis = new NumberAxis("activation");
        scaleAxis.setRange(low, 1);
        PaintScaleLegend legend = new PaintScaleLegend(scale, scaleAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        chart.addSubtitle(legend);
        return chart;
    }

    private static String visible(String symbol) {
        return switch (symbol) {
            case " " -> "␣";
            case "\n" -> "\\n";
            default -> symbol;
        };
    }
}
