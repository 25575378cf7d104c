package org.softcluster.report;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.softcluster.io.AtomicFiles;

/** Draws grayscale images (prototypes, uncertain objects) in a labelled grid and saves it as PNG. */
public final class ImageGrid {
    private ImageGrid() { }

    /**
     * Renders images into one picture.
     *
     * @param images row-major pixel arrays, each height·width values (clamped to [0,1])
     * @param captions one caption per image (drawn under it), or null
     * @param height image height
     * @param width image width
     * @param columns images per row
     * @param scale pixel magnification
     */
    public static BufferedImage render(List<float[]> images, List<String> captions, int height, int width, int columns, int scale) {
        int n = images.size();
        int cols = Math.max(1, Math.min(columns, n));
        int rows = Math.max(1, (n + cols - 1) / cols);
        int pad = 4;
        int captionH = captions == null ? 0 : 14 * maxLines(captions);
        int cellW = Math.max(width * scale, captions == null ? 0 : 96) + pad;
        int cellH = height * scale + captionH + pad;
        BufferedImage img = new BufferedImage(cols * cellW + pad, rows * cellH + pad, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i < n; i++) {
            int x0 = pad + (i % cols) * cellW;
            int y0 = pad + (i / cols) * cellH;
            float[] px = images.get(i);
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    float v = Math.max(0f, Math.min(1f, px[r * width + c]));
                    int grey = 255 - Math.round(v * 255);
                    g.setColor(new Color(grey, grey, grey));
                    g.fillRect(x0 + c * scale, y0 + r * scale, scale, scale);
                }
            }
            if (captions != null && i < captions.size()) {
                g.setColor(Color.BLACK);
                String[] lines = captions.get(i).split("\n");
                for (int l = 0; l < lines.length; l++) {
                    g.drawString(lines[l], x0, y0 + height * scale + 12 + 14 * l);
                }
            }
        }
        g.dispose();
        return img;
    }

    private static int maxLines(List<String> captions) {
        int m = 1;
        for (String c : captions) m = Math.max(m, c.split("\n").length);
        return m;
    }

    /** Renders and writes a PNG atomically. */
    public static void writePng(Path target, List<float[]> images, List<String> captions, int height, int width, int columns, int scale)
            throws IOException {
        BufferedImage img = render(images, captions, height, width, columns, scale);
        AtomicFiles.writeBytes(target, out -> {
            if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer available");
        });
    }
}
