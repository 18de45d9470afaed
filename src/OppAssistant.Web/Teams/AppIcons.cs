namespace OppAssistant.Web.Teams;

/// <summary>
/// Draws the two icons Teams requires: a white speech bubble with three dots, on the accent colour
/// (color.png, 192×192, opaque) or on transparency (outline.png, 32×32, white only).
/// </summary>
internal static class AppIcons
{
    public const int ColorSize = 192;
    public const int OutlineSize = 32;

    // One colour for the icon background and the manifest's accentColor, so the tile and icon match.
    private const byte AccentR = 0x1F, AccentG = 0x5F, AccentB = 0x8B;

    public static string AccentColor => $"#{AccentR:X2}{AccentG:X2}{AccentB:X2}";

    public static byte[] Color()
    {
        // The bubble fills about 70% of the tile, leaving the accent colour as a frame.
        const double scale = 0.7;
        var pixels = new byte[ColorSize * ColorSize * 4];
        for (var y = 0; y < ColorSize; y++)
        {
            for (var x = 0; x < ColorSize; x++)
            {
                var white = Coverage(x, y, ColorSize, scale);
                var i = (y * ColorSize + x) * 4;
                pixels[i] = Blend(AccentR, white);
                pixels[i + 1] = Blend(AccentG, white);
                pixels[i + 2] = Blend(AccentB, white);
                pixels[i + 3] = 255;
            }
        }
        return PngIcon.Encode(ColorSize, ColorSize, pixels);
    }

    public static byte[] Outline()
    {
        // Teams asks for white on transparent with little padding; partial alpha smooths the edges.
        var pixels = new byte[OutlineSize * OutlineSize * 4];
        for (var y = 0; y < OutlineSize; y++)
        {
            for (var x = 0; x < OutlineSize; x++)
            {
                var i = (y * OutlineSize + x) * 4;
                var alpha = (byte)Math.Round(255 * Coverage(x, y, OutlineSize, scale: 1.0));
                // Fully transparent pixels stay 0,0,0,0; the rest are pure white.
                var channel = alpha == 0 ? (byte)0 : (byte)255;
                pixels[i] = channel;
                pixels[i + 1] = channel;
                pixels[i + 2] = channel;
                pixels[i + 3] = alpha;
            }
        }
        return PngIcon.Encode(OutlineSize, OutlineSize, pixels);
    }

    private static byte Blend(byte background, double white) => (byte)Math.Round(background + (255 - background) * white);

    /// <summary>Share of a pixel covered by the bubble (4×4 samples), so edges are anti-aliased.</summary>
    private static double Coverage(int px, int py, int size, double scale)
    {
        const int samples = 4;
        var hits = 0;
        for (var sy = 0; sy < samples; sy++)
        {
            for (var sx = 0; sx < samples; sx++)
            {
                // Map the sample into the shape's unit square, centred and scaled.
                var u = ((px + (sx + 0.5) / samples) / size - 0.5) / scale + 0.5;
                var v = ((py + (sy + 0.5) / samples) / size - 0.5) / scale + 0.5;
                if (InBubble(u, v) && !InDot(u, v))
                {
                    hits++;
                }
            }
        }
        return hits / (double)(samples * samples);
    }

    private static bool InBubble(double u, double v) =>
        InRoundedRect(u, v, 0.04, 0.08, 0.96, 0.74, 0.18) || InTriangle(u, v, (0.22, 0.68), (0.48, 0.68), (0.14, 0.94));

    private static bool InDot(double u, double v) =>
        InCircle(u, v, 0.28, 0.41, 0.075) || InCircle(u, v, 0.50, 0.41, 0.075) || InCircle(u, v, 0.72, 0.41, 0.075);

    private static bool InRoundedRect(double u, double v, double left, double top, double right, double bottom, double radius)
    {
        var nearestX = Math.Clamp(u, left + radius, right - radius);
        var nearestY = Math.Clamp(v, top + radius, bottom - radius);
        return u >= left && u <= right && v >= top && v <= bottom && InCircle(u, v, nearestX, nearestY, radius);
    }

    private static bool InCircle(double u, double v, double cx, double cy, double radius) =>
        (u - cx) * (u - cx) + (v - cy) * (v - cy) <= radius * radius;

    private static bool InTriangle(double u, double v, (double X, double Y) a, (double X, double Y) b, (double X, double Y) c)
    {
        static double Side(double u, double v, (double X, double Y) p, (double X, double Y) q) =>
            (u - q.X) * (p.Y - q.Y) - (p.X - q.X) * (v - q.Y);

        var d1 = Side(u, v, a, b);
        var d2 = Side(u, v, b, c);
        var d3 = Side(u, v, c, a);
        var negative = d1 < 0 || d2 < 0 || d3 < 0;
        var positive = d1 > 0 || d2 > 0 || d3 > 0;
        return !(negative && positive);
    }
}
