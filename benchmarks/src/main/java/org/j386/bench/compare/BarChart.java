package org.j386.bench.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.j386.bench.GuestImages;

/**
 * compare.png, drawn with Java2D off screen: on the left the j386/QEMU time ratio per workload
 * and minikernel program, on the right the peak RSS of both after a minikernel boot with j386's
 * target line.
 */
final class BarChart {
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 580;
    private static final int TOP = 95;
    private static final int BOTTOM = 490;
    private static final Color J386 = new Color(0xC0504D);
    private static final Color QEMU = new Color(0x4F81BD);
    private static final Color GRID = new Color(0xDDDDDD);

    private BarChart() {
    }

    static void write(Report report, Path png) throws IOException {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString("j386 vs qemu-system-i386 -M isapc (TCG): " + report.runs() + " runs each", 20, 28);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString("under each bar j386 / QEMU speed from the net time; load average before " + report.loadBefore() + ", after " + report.loadAfter()
                    + "; net = median wall time less the null guest's", 20, 48);
            ratios(g, report, 70, 820);
            rss(g, report, 930, 1160);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(img, "png", png.toFile())) {
            throw new IOException("BarChart: no PNG writer");
        }
    }

    /** One bar of the ratio panel: a name, j386/QEMU, and both speeds with their unit. */
    private record Bar(String name, double ratio, String speeds, String unit) { }

    private static void ratios(Graphics2D g, Report report, int left, int right) {
        List<Bar> bars = new ArrayList<>();
        for (Compare.Row row : report.rows()) {
            boolean faults = row.workload().name().equals(GuestImages.PAGEFAULT);
            bars.add(faults
                    ? new Bar(row.workload().name(), report.ratio(row), String.format(Locale.ROOT, "%.2f / %.2f",
                            report.roundTripsPerSecond(row, Emulator.J386) / 1e6,
                            report.roundTripsPerSecond(row, Emulator.QEMU) / 1e6), "M faults/s")
                    : new Bar(row.workload().name(), report.ratio(row), String.format(Locale.ROOT, "%.0f / %.0f",
                            report.mips(row, Emulator.J386), report.mips(row, Emulator.QEMU)), "MIPS"));
        }
        for (Compare.ProgramRow p : report.programs()) {
            bars.add(new Bar(p.program().name() + "*", report.ratio(p), String.format(Locale.ROOT, "%.0f / %.0f",
                    report.loopsPerSecond(p, Emulator.J386), report.loopsPerSecond(p, Emulator.QEMU)), "loops/s"));
        }
        double max = 0;
        for (Bar bar : bars) {
            max = Math.max(max, bar.ratio());
        }
        double top = niceCeiling(max);
        axis(g, left, right, top, "j386 / QEMU time (x slower); * = user program under the minikernel");
        int slot = (right - left) / bars.size();
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int x = left + i * slot + slot / 4;
            bar(g, x, slot / 2, bar.ratio() / top, J386, String.format(Locale.ROOT, "%.1fx", bar.ratio()));
            centred(g, bar.name(), x + slot / 4, BOTTOM + 18);
            centred(g, bar.speeds(), x + slot / 4, BOTTOM + 34);
            centred(g, bar.unit(), x + slot / 4, BOTTOM + 50);
        }
    }

    private static void rss(Graphics2D g, Report report, int left, int right) {
        double j = report.rssMib().get(Emulator.J386).median();
        double q = report.rssMib().get(Emulator.QEMU).median();
        double target = report.rssTargetMib();
        double top = niceCeiling(Math.max(target, Math.max(j, q)) * 1.1);
        axis(g, left, right, top, "peak RSS, MiB (-m " + Compare.RAM_MIB + ")");
        int slot = (right - left) / 2;
        bar(g, left + slot / 4, slot / 2, j / top, J386, String.format(Locale.ROOT, "%.0f", j));
        bar(g, left + slot + slot / 4, slot / 2, q / top, QEMU, String.format(Locale.ROOT, "%.0f", q));
        centred(g, "j386", left + slot / 2, BOTTOM + 18);
        centred(g, "QEMU", left + slot + slot / 2, BOTTOM + 18);
        int y = BOTTOM - (int) Math.round(target / top * (BOTTOM - TOP));
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        g.drawLine(left, y, right, y);
        g.setStroke(new BasicStroke(1));
        String label = String.format(Locale.ROOT, "target %d", report.rssTargetMib());
        g.drawString(label, right - g.getFontMetrics().stringWidth(label), y - 4);
    }

    /** Y axis from 0 to top with five grid lines and a title above. */
    private static void axis(Graphics2D g, int left, int right, double top, String title) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 5; i++) {
            int y = BOTTOM - i * (BOTTOM - TOP) / 5;
            g.setColor(GRID);
            g.drawLine(left, y, right, y);
            g.setColor(Color.BLACK);
            String label = String.format(Locale.ROOT, top >= 10 ? "%.0f" : "%.1f", top * i / 5);
            g.drawString(label, left - 6 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        g.drawLine(left, TOP, left, BOTTOM);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, left, TOP - 10);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    }

    private static void bar(Graphics2D g, int x, int width, double fraction, Color c, String label) {
        int h = (int) Math.round(Math.min(1, fraction) * (BOTTOM - TOP));
        g.setColor(c);
        g.fillRect(x, BOTTOM - h, width, h);
        g.setColor(Color.BLACK);
        centred(g, label, x + width / 2, BOTTOM - h - 4);
    }

    private static void centred(Graphics2D g, String s, int x, int y) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(s, x - fm.stringWidth(s) / 2, y);
    }

    /** The smallest round number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 x 10^k) at or above v. */
    private static double niceCeiling(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
