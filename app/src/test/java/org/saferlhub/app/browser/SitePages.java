package org.saferlhub.app.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads what the site's pages show: numbers as its scripts write them, chart data, policy grids. */
final class SitePages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SitePages() {
    }

    /** dom.js num(x, 4): fixed decimals and a true minus sign. */
    static String fmt(double x) {
        return fmt(x, 4);
    }

    /** A number as the page writes it: fixed decimals and a true minus sign. */
    static String fmt(double x, int digits) {
        String s = String.format(Locale.ROOT, "%." + digits + "f", Math.abs(x));
        return (x < 0 && Double.parseDouble(s) != 0 ? "\u2212" : "") + s;
    }

    /** Dataset 0 of a chart as [x, y] pairs. */
    static List<double[]> chartCurve(Page page, String chart) throws IOException {
        String json = (String) page.evaluate("""
                (key) => JSON.stringify(Chart.getChart(document.querySelector(`canvas[data-chart="${key}"]`))
                  .data.datasets[0].data)""", chart);
        List<double[]> curve = new ArrayList<>();
        for (JsonNode p : JSON.readTree(json)) {
            curve.add(new double[] {p.path("x").asDouble(), p.path("y").asDouble()});
        }
        return curve;
    }

    /** A policy grid of the page's policy-view as total → ten actions (the cell's own letter, without the hidden note). */
    @SuppressWarnings("unchecked")
    static Map<String, String> policyGrid(Page page, String grid) {
        return (Map<String, String>) page.evaluate("""
                (grid) => Object.fromEntries([...document.querySelectorAll(
                    `policy-view table[data-grid="${grid}"] tbody tr`)].map(tr => [
                  tr.querySelector('th').textContent.trim(),
                  [...tr.querySelectorAll('td')].map(td => td.firstChild ? td.firstChild.textContent : '').join('')
                ]))""", grid);
    }
}
