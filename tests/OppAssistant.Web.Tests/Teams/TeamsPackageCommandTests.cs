using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using OppAssistant.Core.Content;

namespace OppAssistant.Web.Tests.Teams;

public sealed class TeamsPackageCommandTests : IDisposable
{
    private const string AppId = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    private const string Host = "opp.school.nl";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "oppassistant-teams-tests", Guid.NewGuid().ToString("n"));

    public TeamsPackageCommandTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Writes_a_zip_with_exactly_the_manifest_and_both_icons_at_the_root()
    {
        var (code, stdout, stderr, zipPath) = await RunAsync("--app-id", AppId, "--host", Host);

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Contains(zipPath, stdout, StringComparison.Ordinal);
        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Manifest_describes_a_personal_bot_with_the_dialog_texts()
    {
        var (code, _, _, zipPath) = await RunAsync("--app-id", AppId, "--host", Host);
        Assert.Equal(0, code);

        using var manifest = JsonDocument.Parse(ReadEntry(zipPath, "manifest.json"));
        var root = manifest.RootElement;

        var manifestVersion = root.GetProperty("manifestVersion").GetString()!;
        Assert.True(Version.Parse(manifestVersion) >= new Version(1, 19), $"manifestVersion {manifestVersion}");
        Assert.Equal(
            $"https://developer.microsoft.com/json-schemas/teams/v{manifestVersion}/MicrosoftTeams.schema.json",
            root.GetProperty("$schema").GetString());
        Assert.True(Guid.TryParse(root.GetProperty("id").GetString(), out _));
        Assert.Equal("1.0.0", root.GetProperty("version").GetString());
        Assert.Equal("nl-nl", root.GetProperty("localizationInfo").GetProperty("defaultLanguageTag").GetString());

        var developer = root.GetProperty("developer");
        Assert.InRange(developer.GetProperty("name").GetString()!.Length, 1, 32);
        Assert.Equal($"https://{Host}/", developer.GetProperty("websiteUrl").GetString());
        Assert.Equal($"https://{Host}/privacy", developer.GetProperty("privacyUrl").GetString());
        Assert.Equal($"https://{Host}/voorwaarden", developer.GetProperty("termsOfUseUrl").GetString());

        // The Dutch texts come from dialogs/channels.yaml, within the schema's limits.
        var texts = DialogCatalog.Load(Path.Combine(AppContext.BaseDirectory, "dialogs")).Channels.TeamsApp;
        AssertText(texts["short_name"], root.GetProperty("name").GetProperty("short"), 30);
        AssertText(texts["full_name"], root.GetProperty("name").GetProperty("full"), 100);
        AssertText(texts["short_description"], root.GetProperty("description").GetProperty("short"), 80);
        AssertText(texts["full_description"], root.GetProperty("description").GetProperty("full"), 4000);

        Assert.Equal("color.png", root.GetProperty("icons").GetProperty("color").GetString());
        Assert.Equal("outline.png", root.GetProperty("icons").GetProperty("outline").GetString());
        Assert.Matches("^#[0-9A-Fa-f]{6}$", root.GetProperty("accentColor").GetString());

        var bot = Assert.Single(root.GetProperty("bots").EnumerateArray());
        Assert.Equal(AppId, bot.GetProperty("botId").GetString());
        Assert.Equal(["personal"], bot.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.False(bot.GetProperty("supportsFiles").GetBoolean());
        Assert.False(bot.GetProperty("isNotificationOnly").GetBoolean());

        Assert.Contains(Host, root.GetProperty("validDomains").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public async Task Team_scope_flag_adds_the_team_scope_and_keeps_the_rest()
    {
        var (code, _, stderr, zipPath) = await RunAsync("--app-id", AppId, "--team-scope", "--host", Host);
        Assert.Equal(0, code);
        Assert.Equal("", stderr);

        using var manifest = JsonDocument.Parse(ReadEntry(zipPath, "manifest.json"));
        var bot = Assert.Single(manifest.RootElement.GetProperty("bots").EnumerateArray());
        Assert.Equal(AppId, bot.GetProperty("botId").GetString());
        Assert.Equal(["personal", "team"], bot.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        // Same app as without the flag: a school that switches it on updates its app instead of adding a second one.
        Assert.Equal(await ManifestIdAsync("personal.zip", AppId), manifest.RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Manifest_is_utf8_without_byte_order_mark()
    {
        var (_, _, _, zipPath) = await RunAsync("--app-id", AppId, "--host", Host);

        var bytes = ReadEntry(zipPath, "manifest.json");

        Assert.Equal((byte)'{', bytes[0]);
    }

    [Fact]
    public async Task Color_icon_is_an_opaque_192_pixel_png()
    {
        var (_, _, _, zipPath) = await RunAsync("--app-id", AppId, "--host", Host);

        var bytes = ReadEntry(zipPath, "color.png");
        var image = PngReader.Decode(bytes);

        Assert.Equal((192, 192), (image.Width, image.Height));
        Assert.All(image.Pixels(), p => Assert.Equal(255, p.A));
        // Full colour: the accent background and the white bubble are both there.
        Assert.True(image.Pixels().Distinct().Count() > 2);
        Assert.Contains((byte.MaxValue, byte.MaxValue, byte.MaxValue, byte.MaxValue), image.Pixels());
    }

    [Fact]
    public async Task Outline_icon_is_a_32_pixel_white_shape_on_transparency()
    {
        var (_, _, _, zipPath) = await RunAsync("--app-id", AppId, "--host", Host);

        var image = PngReader.Decode(ReadEntry(zipPath, "outline.png"));

        Assert.Equal((32, 32), (image.Width, image.Height));
        Assert.Equal(6, image.ColorType); // has an alpha channel
        Assert.All(image.Pixels(), p => Assert.True(p.A == 0 || (p.R, p.G, p.B) == (255, 255, 255), $"pixel {p}"));
        Assert.Contains(image.Pixels(), p => p.A == 0);
        Assert.Contains(image.Pixels(), p => p.A == 255);
        Assert.Equal(0, image.Pixel(0, 31).A); // corner is background
    }

    [Fact]
    public async Task Same_app_id_gives_the_same_teams_app_id()
    {
        var first = await ManifestIdAsync("first.zip", AppId);
        var second = await ManifestIdAsync("second.zip", AppId);
        var other = await ManifestIdAsync("other.zip", "6a1e0c9f-5b7d-4c2e-9f3a-1d2b3c4d5e6f");

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.NotEqual(AppId, first);
    }

    [Fact]
    public async Task Explicit_options_are_used()
    {
        const string teamsAppId = "0b7c4a2e-9d1f-4e3a-8b6c-5d4e3f2a1b0c";
        var (code, _, _, zipPath) = await RunAsync(
            "--app-id", AppId, "--host", "OPP.School.nl", "--teams-app-id", teamsAppId, "--version", "2.3.4",
            "--developer-name", "Stichting Voorbeeld", "--website-url=https://voorbeeld.nl/", "--privacy-url", "https://voorbeeld.nl/p",
            "--terms-url", "https://voorbeeld.nl/t", "--dialogs", Path.Combine(AppContext.BaseDirectory, "dialogs"));
        Assert.Equal(0, code);

        using var manifest = JsonDocument.Parse(ReadEntry(zipPath, "manifest.json"));
        var root = manifest.RootElement;
        Assert.Equal(teamsAppId, root.GetProperty("id").GetString());
        Assert.Equal("2.3.4", root.GetProperty("version").GetString());
        Assert.Equal("Stichting Voorbeeld", root.GetProperty("developer").GetProperty("name").GetString());
        Assert.Equal("https://voorbeeld.nl/", root.GetProperty("developer").GetProperty("websiteUrl").GetString());
        Assert.Equal("https://voorbeeld.nl/p", root.GetProperty("developer").GetProperty("privacyUrl").GetString());
        Assert.Equal("https://voorbeeld.nl/t", root.GetProperty("developer").GetProperty("termsOfUseUrl").GetString());
        Assert.Equal(["opp.school.nl"], root.GetProperty("validDomains").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public async Task Overwriting_an_existing_zip_is_reported()
    {
        var path = Path.Combine(folder, "again.zip");
        await File.WriteAllTextAsync(path, "old", TestContext.Current.CancellationToken);

        var (code, stdout, _, _) = await RunAsync("--app-id", AppId, "--host", Host, "--out", path);

        Assert.Equal(0, code);
        Assert.Contains("existing", stdout, StringComparison.OrdinalIgnoreCase);
        using var zip = ZipFile.OpenRead(path);
        Assert.Equal(3, zip.Entries.Count);
    }

    [Theory]
    [InlineData("--app-id", "--host", Host)]
    [InlineData("--app-id", "--app-id", "not-a-guid", "--host", Host)]
    [InlineData("--app-id", "--app-id", "00000000-0000-0000-0000-000000000000", "--host", Host)]
    [InlineData("--host", "--app-id", AppId)]
    [InlineData("--host", "--app-id", AppId, "--host", "https://opp.school.nl")]
    [InlineData("--host", "--app-id", AppId, "--host", "opp.school.nl/bot")]
    [InlineData("--host", "--app-id", AppId, "--host", "opp.school.nl:443")]
    [InlineData("--host", "--app-id", AppId, "--host", "opp school.nl")]
    [InlineData("--host", "--app-id", AppId, "--host", "localhost")]
    [InlineData("--version", "--app-id", AppId, "--host", Host, "--version", "1.0")]
    [InlineData("--teams-app-id", "--app-id", AppId, "--host", Host, "--teams-app-id", "x")]
    [InlineData("--privacy-url", "--app-id", AppId, "--host", Host, "--privacy-url", "http://opp.school.nl/privacy")]
    [InlineData("--developer-name", "--app-id", AppId, "--host", Host, "--developer-name", "A name that is far longer than thirty-two")]
    [InlineData("--out", "--app-id", AppId, "--host", Host, "--out")]
    [InlineData("--colour", "--app-id", AppId, "--host", Host, "--colour", "red")]
    [InlineData("--team-scope", "--app-id", AppId, "--host", Host, "--team-scope=yes")]
    [InlineData("--team-scope", "--app-id", AppId, "--host", Host, "--team-scope", "--team-scope")]
    public async Task Invalid_arguments_exit_with_2_and_name_the_argument(string named, params string[] args)
    {
        var zipPath = Path.Combine(folder, "invalid.zip");
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var error = new StringWriter(CultureInfo.InvariantCulture);
        string[] full = args.Contains("--out") ? ["teams-package", .. args] : ["teams-package", .. args, "--out", zipPath];

        var code = await TeamsPackageCommand.RunAsync(full, output, error);

        Assert.Equal(2, code);
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(zipPath));
    }

    [Fact]
    public async Task Missing_dialogs_folder_exits_with_1()
    {
        var (code, _, stderr, zipPath) = await RunAsync("--app-id", AppId, "--host", Host, "--dialogs", Path.Combine(folder, "nowhere"));

        Assert.Equal(1, code);
        Assert.Contains("nowhere", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(zipPath));
    }

    [Fact]
    public async Task Help_prints_usage_and_exits_0()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);

        var code = await TeamsPackageCommand.RunAsync(["teams-package", "--help"], output, TextWriter.Null);

        Assert.Equal(0, code);
        Assert.Matches(new Regex("--app-id.*--host"), output.ToString());
        Assert.Contains("--team-scope", output.ToString(), StringComparison.Ordinal);
    }

    private async Task<string> ManifestIdAsync(string fileName, string appId)
    {
        var (code, _, _, zipPath) = await RunAsync("--app-id", appId, "--host", Host, "--out", Path.Combine(folder, fileName));
        Assert.Equal(0, code);
        using var manifest = JsonDocument.Parse(ReadEntry(zipPath, "manifest.json"));
        return manifest.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Runs the command; adds --out in the test folder unless the arguments name one.</summary>
    private async Task<(int Code, string Output, string Error, string ZipPath)> RunAsync(params string[] args)
    {
        TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
        var outIndex = Array.IndexOf(args, "--out");
        var zipPath = outIndex >= 0 ? args[outIndex + 1] : Path.Combine(folder, "teams.zip");
        string[] full = outIndex >= 0 ? ["teams-package", .. args] : ["teams-package", .. args, "--out", zipPath];
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var error = new StringWriter(CultureInfo.InvariantCulture);

        var code = await TeamsPackageCommand.RunAsync(full, output, error);

        return (code, output.ToString(), error.ToString(), zipPath);
    }

    private static byte[] ReadEntry(string zipPath, string name)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        var entry = zip.GetEntry(name) ?? throw new InvalidOperationException($"{name} is not in the package");
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static void AssertText(string expected, JsonElement actual, int maxLength)
    {
        Assert.Equal(expected, actual.GetString());
        Assert.InRange(expected.Length, 1, maxLength);
    }
}
