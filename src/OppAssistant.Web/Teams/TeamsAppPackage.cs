using System.IO.Compression;

namespace OppAssistant.Web.Teams;

/// <summary>The zip Teams uploads: manifest.json and the two icons, all at the root.</summary>
internal static class TeamsAppPackage
{
    public const string ManifestFile = "manifest.json";

    // A fixed entry time keeps the zip byte-for-byte the same for the same input.
    private static readonly DateTimeOffset EntryTime = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Create(byte[] manifest, byte[] colorIcon, byte[] outlineIcon)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(archive, ManifestFile, manifest);
            Add(archive, TeamsAppManifest.ColorIconFile, colorIcon);
            Add(archive, TeamsAppManifest.OutlineIconFile, outlineIcon);
        }
        return zip.ToArray();
    }

    private static void Add(ZipArchive archive, string name, byte[] content)
    {
        var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        stream.Write(content);
    }
}
