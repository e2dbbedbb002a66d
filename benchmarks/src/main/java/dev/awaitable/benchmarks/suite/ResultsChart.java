package dev.awaitable.benchmarks.suite;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * The chart the README shows: for each workload, how many times better than pure asyncio each
 * contender is (log scale; the line at 1× is pure asyncio), drawn with Java2D so the suite needs
 * nothing beyond the JDK.
 */
final class ResultsChart {

    private static final Contender[] BARS = {Contender.LIBRARY, Contender.JEP_BY_HAND, Contender.POLLING, Contender.UVLOOP};
    private static final Color[] COLORS = {new Color(0x2b6cb0), new Color(0xdd6b20), new Color(0x718096), new Color(0x38a169)};
    private static final double MIN = 0.01;
    private static final double MAX = 10;
    private static final int WIDTH = 1000;
    private static final int LEFT = 230;
    private static final int RIGHT = 40;
    private static final int TOP = 70;
    private static final int BAR = 16;
    private static final int GROUP = BAR * BARS.length + 18;

    private ResultsChart() {
    }

    static void write(Results results, Path file) throws IOException {
        List<Workload> workloads = results.workloads();
        int height = TOP + GROUP * workloads.size() + 70;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Times better than pure asyncio (log scale; above 1× = better)", LEFT, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(results.machine.get("cores") + " cores, " + results.machine.get("python") + ", "
                + results.machine.get("java") + (results.quick ? "  [quick smoke run]" : ""), LEFT, 46);

        int plotBottom = TOP + GROUP * workloads.size();
        for (double tick = MIN; tick <= MAX * 1.001; tick *= 10) {
            int x = x(tick);
            g.setColor(tick == 1 ? Color.BLACK : new Color(0xdddddd));
            g.setStroke(new BasicStroke(tick == 1 ? 2f : 1f));
            g.drawLine(x, TOP - 8, x, plotBottom);
            g.setColor(Color.DARK_GRAY);
            String label = tick >= 1 ? String.format("%.0f×", tick) : String.format("%s×", tick).replace("0.", ".");
            g.drawString(label, x - 12, plotBottom + 16);
        }

        for (int w = 0; w < workloads.size(); w++) {
            Workload workload = workloads.get(w);
            int groupTop = TOP + w * GROUP;
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            g.drawString(workload.name() + " " + workload.title, 10, groupTop + BAR + 4);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString(workload.unit, 10, groupTop + 2 * BAR + 4);
            for (int b = 0; b < BARS.length; b++) {
                if (!workload.runsOn(BARS[b])) {
                    continue;
                }
                double value = results.relativeToAsyncio(workload, BARS[b]);
                int y = groupTop + b * BAR;
                if (Double.isNaN(value)) {
                    g.setColor(Color.GRAY);
                    g.drawString("n/a", x(MIN) + 4, y + BAR - 4);
                    continue;
                }
                double clamped = Math.max(MIN, Math.min(MAX, value));
                g.setColor(COLORS[b]);
                g.fillRect(x(MIN), y + 1, x(clamped) - x(MIN), BAR - 2);
                g.setColor(Color.BLACK);
                g.drawString(Results.fmt(value) + "×", x(clamped) + 4, y + BAR - 4);
            }
        }

        int legendY = plotBottom + 40;
        int legendX = LEFT;
        for (int b = 0; b < BARS.length; b++) {
            g.setColor(COLORS[b]);
            g.fillRect(legendX, legendY - 10, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(BARS[b].label, legendX + 16, legendY);
            legendX += 40 + g.getFontMetrics().stringWidth(BARS[b].label);
        }
        g.drawString("black line: pure asyncio (1×)", legendX, legendY);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static int x(double value) {
        double fraction = (Math.log10(value) - Math.log10(MIN)) / (Math.log10(MAX) - Math.log10(MIN));
        return LEFT + (int) Math.round(fraction * (WIDTH - LEFT - RIGHT));
    }
}
