using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OppAssistant.Core.Content;

namespace OppAssistant.Web.Teams;

/// <summary>
/// Builds manifest.json for a personal-scope bot (with <c>--team-scope</c> also the team scope, so the app can be
/// added to the coordinators' team; the adapter still refuses to run turns there). Schema 1.22 is the current version on
/// learn.microsoft.com (resources/schema/manifest-schema) and its schema pins manifestVersion to "1.22".
/// </summary>
internal static class TeamsAppManifest
{
    public const string ManifestVersion = "1.22";
    public const string SchemaUrl = "https://developer.microsoft.com/json-schemas/teams/v1.22/MicrosoftTeams.schema.json";
    public const string ColorIconFile = "color.png";
    public const string OutlineIconFile = "outline.png";
    public const string LanguageTag = "nl-nl";

    // Limits from the manifest schema, per key of dialogs/channels.yaml teams_app.
    public static readonly IReadOnlyDictionary<string, int> MaxLengths = new Dictionary<string, int>
    {
        ["short_name"] = 30,
        ["full_name"] = 100,
        ["short_description"] = 80,
        ["full_description"] = 4000,
    };

    private static readonly JsonWriterOptions Json = new()
    {
        Indented = true,
        // The file is read by Teams, not embedded in HTML: keep Dutch letters and apostrophes readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The manifest; <paramref name="texts"/> is the teams_app section of dialogs/channels.yaml.</summary>
    public static JsonObject Build(TeamsPackageOptions options, IReadOnlyDictionary<string, string> texts)
    {
        foreach (var (key, max) in MaxLengths)
        {
            var text = texts.TryGetValue(key, out var value) ? value : throw new ContentException($"dialogs/channels.yaml: teams_app.{key} is missing");
            if (text.Length > max)
            {
                throw new ContentException($"dialogs/channels.yaml: teams_app.{key} is {text.Length} characters; Teams allows at most {max}");
            }
        }

        return new JsonObject
        {
            ["$schema"] = SchemaUrl,
            ["manifestVersion"] = ManifestVersion,
            ["version"] = options.Version,
            ["id"] = options.TeamsAppId.ToString("D"),
            ["localizationInfo"] = new JsonObject { ["defaultLanguageTag"] = LanguageTag },
            ["developer"] = new JsonObject
            {
                ["name"] = options.DeveloperName,
                ["websiteUrl"] = options.WebsiteUrl.AbsoluteUri,
                ["privacyUrl"] = options.PrivacyUrl.AbsoluteUri,
                ["termsOfUseUrl"] = options.TermsUrl.AbsoluteUri,
            },
            ["name"] = new JsonObject
            {
                ["short"] = texts["short_name"],
                ["full"] = texts["full_name"],
            },
            ["description"] = new JsonObject
            {
                ["short"] = texts["short_description"],
                ["full"] = texts["full_description"],
            },
            ["icons"] = new JsonObject
            {
                ["color"] = ColorIconFile,
                ["outline"] = OutlineIconFile,
            },
            ["accentColor"] = AppIcons.AccentColor,
            ["bots"] = new JsonArray
            {
                new JsonObject
                {
                    ["botId"] = options.AppId.ToString("D"),
                    ["scopes"] = options.TeamScope ? new JsonArray { "personal", "team" } : new JsonArray { "personal" },
                    ["supportsFiles"] = false,
                    ["isNotificationOnly"] = false,
                },
            },
            ["validDomains"] = new JsonArray { options.Host },
        };
    }

    /// <summary>Indented UTF-8 without a byte order mark, the safest form for the Teams upload.</summary>
    public static byte[] ToUtf8(JsonObject manifest)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Json))
        {
            manifest.WriteTo(writer);
        }
        return buffer.ToArray();
    }
}
