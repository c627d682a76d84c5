package io.elmanstream.plot;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.util.List;

/** The cost landscape as a line chart: our cost and the tutorial's, on each sequence. */
public final class LandscapeChart {
    private LandscapeChart() {
    }

    /**
     * @param names   one name per landscape, e.g. "the tutorial's 5 bits"
     * @param current the weight's value in the model, marked when it lies in the range
     */
    public static JFreeChart of(String title, List<String> names, List<Landscape> landscapes, double current) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (int i = 0; i < landscapes.size(); i++) {
            Landscape l = landscapes.get(i);
            XYSeries ours = new XYSeries("ours (exact, all steps back), " + names.get(i), false, true);
            XYSeries tutorial = new XYSeries("the tutorial's (one step), " + names.get(i), false, true);
            for (int p = 0; p < l.values().length; p++) {
                ours.add(l.values()[p], l.ours()[p]);
                tutorial.add(l.values()[p], finiteOrNull(l.tutorials()[p]));
            }
            data.addSeries(ours);
            data.addSeries(tutorial);
        }
        int w = landscapes.get(0).weight();
        JFreeChart chart = ChartFactory.createXYLineChart(title, "weight " + w, "cost (mean cross-entropy, nats)", data, PlotOrientation.VERTICAL,
                true, false, false);
        // a saturated net's cost spans orders of magnitude (1e-7 on its plateau, 1 away from it): a log axis shows both
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (Landscape l : landscapes) {
            for (double v : l.ours()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (min > 0 && max / min > 1e3) {
            LogAxis log = new LogAxis("cost (mean cross-entropy, nats, log scale)");
            log.setSmallestValue(min / 2);
            chart.getXYPlot().setRangeAxis(log);
        }
        ValueMarker model = new ValueMarker(current);
        model.setLabel("the model's value");
        chart.getXYPlot().addDomainMarker(model);
        return chart;
    }

    /** A gap in the line where the tutorial's cost is not finite (0 * log 0). */
    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
