package dev.lightbulb.analysis.characteristics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's figures name what they show: every bar by its legend entry, every size bucket by its range. */
class CharacteristicsPlotsTest {

    /** Two models run at several temperatures: one at two, the other at three. */
    static CharacteristicsStudy.Result study(Path dir) throws Exception {
        return CharacteristicsStudyTest.study(dir,
                "tiny-t0.0--tiny-t0.0,10,50,20,50,20,1\ntiny-t0.7--tiny-t0.7,6,40,15,40,15,1\n"
                        + "big-t0.0--big-t0.0,30,80,37,80,37,1\nbig-t0.7--big-t0.7,31,80,38,80,38,1\n"
                        + "big-t1.0--big-t1.0,25,70,36,70,36,1\n",
                "name,parameters_b,backend\ntiny,0.1,lightbulb-cpu\nbig,70,lightbulb-cuda\n");
    }

    @Test
    void variantBarsAreNamedInTheLegendAndGroupedByModel(@TempDir Path dir) throws Exception {
        CharacteristicsStudy.Result r = study(dir);
        assertEquals(5, r.variants().size(), r.variants().toString());
        CategoryChart c = CharacteristicsPlots.variants(r);
        List<String> bars = new ArrayList<>();
        for (CategorySeries s : c.getSeriesMap().values()) {
            List<?> x = new ArrayList<>(s.getXData());
            List<? extends Number> y = new ArrayList<>(s.getYData());
            for (int i = 0; i < x.size(); i++) if (y.get(i) != null) bars.add(x.get(i) + " | " + s.getName() + " = " + y.get(i));
        }
        // one bar per variant, each named by its model (axis) and its route (legend)
        assertEquals(r.variants().size(), bars.size(), bars.toString());
        for (var v : r.variants())
            assertTrue(bars.stream().anyMatch(b -> b.startsWith(v.group() + " | ") && b.contains(v.access())
                    && b.endsWith("= " + v.result().clemscore())), v + " in " + bars);
        List<?> categories = new ArrayList<>(c.getSeriesMap().values().iterator().next().getXData());
        assertEquals(r.variants().stream().map(CharacteristicsStudy.Variant::group).distinct().toList(), categories);
        assertTrue(c.getStyler().getXAxisMaxLabelCount() >= categories.size(), "every category is labelled");
    }

    @Test
    void sizeBucketsAreNamedOnTheAxis(@TempDir Path dir) throws Exception {
        CharacteristicsStudy.Result r = study(dir);
        XYChart c = CharacteristicsPlots.sizeBuckets(r);
        var format = c.getStyler().getxAxisTickLabelsFormattingFunction();
        List<String> shown = new ArrayList<>();
        for (int b = 1; b <= r.buckets().size(); b++) shown.add(format.apply((double) b));
        assertEquals(r.buckets().stream().map(CharacteristicsStudy.Bucket::label).toList(), shown);
        assertEquals("", format.apply(1.5), "no label between buckets");
        assertTrue(Arrays.stream(new double[]{0.0, r.buckets().size() + 1.0}).allMatch(x -> format.apply(x).isEmpty()));
    }
}
