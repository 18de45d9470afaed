using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace OppAssistant.Web.Tests.Teams;

/// <summary>
/// An independent PNG decoder for the tests (8-bit RGB/RGBA, non-interlaced, all five filters), so the
/// icons are checked by reading the file, not by trusting the writer.
/// </summary>
internal sealed record PngImage(int Width, int Height, byte ColorType, byte[] Rgba)
{
    public (byte R, byte G, byte B, byte A) Pixel(int x, int y)
    {
        var i = (y * Width + x) * 4;
        return (Rgba[i], Rgba[i + 1], Rgba[i + 2], Rgba[i + 3]);
    }

    public IEnumerable<(byte R, byte G, byte B, byte A)> Pixels()
    {
        for (var i = 0; i < Rgba.Length; i += 4)
        {
            yield return (Rgba[i], Rgba[i + 1], Rgba[i + 2], Rgba[i + 3]);
        }
    }
}

internal static class PngReader
{
    public static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static PngImage Decode(byte[] file)
    {
        Assert.True(file.AsSpan(0, 8).SequenceEqual(Signature), "PNG signature");

        int width = 0, height = 0;
        byte colorType = 0;
        using var idat = new MemoryStream();
        var chunks = new List<string>();
        var offset = 8;
        while (offset < file.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(offset));
            var type = Encoding.ASCII.GetString(file, offset + 4, 4);
            var data = file.AsSpan(offset + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(offset + 8 + length));
            Assert.Equal(Crc32(file.AsSpan(offset + 4, 4 + length)), crc);
            chunks.Add(type);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    Assert.Equal(8, data[8]);
                    colorType = data[9];
                    Assert.Contains(colorType, new byte[] { 2, 6 });
                    Assert.Equal(0, data[12]);
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }
            offset += 12 + length;
        }
        Assert.Equal("IHDR", chunks[0]);
        Assert.Equal("IEND", chunks[^1]);

        var channels = colorType == 6 ? 4 : 3;
        var stride = width * channels;
        var raw = Inflate(idat.ToArray());
        Assert.Equal(height * (stride + 1), raw.Length);

        var pixels = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            for (var x = 0; x < stride; x++)
            {
                int a = x >= channels ? pixels[y * stride + x - channels] : 0;
                int b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
                int c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
                int value = raw[y * (stride + 1) + 1 + x];
                pixels[y * stride + x] = (byte)(filter switch
                {
                    0 => value,
                    1 => value + a,
                    2 => value + b,
                    3 => value + (a + b) / 2,
                    4 => value + Paeth(a, b, c),
                    _ => throw new InvalidDataException($"filter {filter}"),
                });
            }
        }

        var rgba = new byte[width * height * 4];
        for (var i = 0; i < width * height; i++)
        {
            rgba[i * 4] = pixels[i * channels];
            rgba[i * 4 + 1] = pixels[i * channels + 1];
            rgba[i * 4 + 2] = pixels[i * channels + 2];
            rgba[i * 4 + 3] = channels == 4 ? pixels[i * channels + 3] : (byte)255;
        }
        return new PngImage(width, height, colorType, rgba);
    }

    private static byte[] Inflate(byte[] zlib)
    {
        using var input = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    // Bitwise CRC-32 (no table), deliberately different from the writer's.
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var value in bytes)
        {
            crc ^= value;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }
}
