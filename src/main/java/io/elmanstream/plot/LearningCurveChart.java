package io.elmanstream.plot;

import io.elmanstream.train.LossHistory;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Training and held-out loss against characters seen. */
public final class LearningCurveChart {
    private LearningCurveChart() {
    }

    public static JFreeChart of(String title, LossHistory history) {
        XYSeries training = new XYSeries("training (recent updates)");
        XYSeries heldOut = new XYSeries("held out (last tenth)");
        for (LossHistory.Point p : history.points()) {
            training.add(p.symbols() / 1e6, p.training());
            heldOut.add(p.symbols() / 1e6, p.heldOut());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(training);
        data.addSeries(heldOut);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "characters seen (millions)", "loss (nats/char)", data,
                PlotOrientation.VERTICAL, true, false, false);
        ((NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
        return chart;
    }
}
