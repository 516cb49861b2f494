package org.saferlhub.app.figures;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.chartpart.IChart;

/**
 * An XChart chart with the command that made it printed in a footer below it, so the picture
 * says how to make it again wherever it ends up. The CLI writes it to a file ({@link #svg()} or
 * {@link #png()}) and the web server serves the same SVG bytes.
 *
 * <p>The footer is drawn as glyph outlines, like XChart's own text, so the picture looks the same
 * in every browser whatever fonts it has. The SVG also carries the chart's title and the command
 * as {@code <title>} and {@code <desc>}, so its text can be searched and read out.
 *
 * @param chart the chart, drawn at its own size above the footer
 * @param command the command that made it ({@code saferlhub experiment …})
 */
public record Plot(Chart<?, ?> chart, String command) implements IChart {

  /** The footer's font: monospaced, like a command in a terminal. */
  static final Font FOOTER_FONT = new Font(Font.MONOSPACED, Font.PLAIN, 14);
  private static final int SIDE = 12;
  private static final int LINE = 19;
  private static final String PROMPT = "Reproduce: ";

  @Override
  public int getWidth() {
    return chart.getWidth();
  }

  @Override
  public int getHeight() {
    return chart.getHeight() + footerHeight();
  }

  @Override
  public String getTitle() {
    return chart.getTitle();
  }

  @Override
  public void paint(Graphics2D g, int width, int height) {
    int footer = footerHeight();
    int above = height - footer;
    chart.paint(g, width, above);
    Color background = chart.getStyler().getChartBackgroundColor();
    g.setColor(background);
    g.fillRect(0, above, width, footer);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(0x33, 0x33, 0x33));
    FontRenderContext frc = g.getFontRenderContext();
    int y = above + LINE - 4;
    for (String line : lines(width)) {
      TextLayout layout = new TextLayout(line, FOOTER_FONT, frc);
      g.fill(layout.getOutline(java.awt.geom.AffineTransform.getTranslateInstance(SIDE, y)));
      y += LINE;
    }
  }

  /** The picture as SVG, UTF-8, with a {@code <title>} and a {@code <desc>}. */
  public byte[] svg() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
    try {
      VectorGraphicsEncoder.saveVectorGraphic(this, out,
          VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String svg = out.toString(StandardCharsets.UTF_8);
    int root = svg.indexOf("<svg");
    int end = root < 0 ? -1 : svg.indexOf('>', root);
    if (end < 0) {
      throw new IllegalStateException("the SVG encoder wrote no <svg> element");
    }
    String about = "\n  <title>" + xml(getTitle()) + "</title>\n  <desc>Made by: " + xml(command)
        + "</desc>";
    return (svg.substring(0, end + 1) + about + svg.substring(end + 1))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The picture as PNG. */
  public byte[] png() {
    try {
      return BitmapEncoder.getBitmapBytes(this, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int footerHeight() {
    return lines(chart.getWidth()).size() * LINE + 6;
  }

  /** The footer's text, broken between words into lines that fit {@code width}. */
  List<String> lines(int width) {
    FontRenderContext frc = new FontRenderContext(null, true, true);
    double room = width - 2.0 * SIDE;
    List<String> out = new ArrayList<>();
    String line = PROMPT;
    boolean first = true;
    for (String word : command.split(" ")) {
      String longer = first ? line + word : line + " " + word;
      if (!first && FOOTER_FONT.getStringBounds(longer, frc).getWidth() > room) {
        out.add(line);
        line = "    " + word; // a continued command is indented
      } else {
        line = longer;
      }
      first = false;
    }
    out.add(line);
    return out;
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
