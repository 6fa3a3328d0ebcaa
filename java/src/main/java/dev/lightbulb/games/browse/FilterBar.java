package dev.lightbulb.games.browse;

import java.util.Collection;
import java.util.List;

import static dev.lightbulb.games.transcript.HtmlText.escape;

/**
 * The filter bar above a filterable table: one select per column filtered on (matching the rows' {@code data-<name>}
 * attributes), and how many rows are shown. The page's script (filters.js) does the filtering.
 */
final class FilterBar {
    private FilterBar() {}

    /** One select: the data attribute it filters on, its label, the values it offers (in this order). */
    record Filter(String name, String label, Collection<String> values) {}

    static String render(List<Filter> filters, int rows) {
        StringBuilder b = new StringBuilder("<div class=\"filters\">\n");
        for (Filter f : filters) {
            b.append("<label>").append(escape(f.label())).append(" <select data-filter=\"").append(escape(f.name()))
                    .append("\"><option value=\"\">all</option>");
            for (String v : f.values())
                b.append("<option value=\"").append(escape(v)).append("\">").append(escape(v)).append("</option>");
            b.append("</select></label>\n");
        }
        return b.append("<span class=\"count\">showing <b>").append(rows).append("</b> of ").append(rows).append("</span>\n</div>\n").toString();
    }
}
