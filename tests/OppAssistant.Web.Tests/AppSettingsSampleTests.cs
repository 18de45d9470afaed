using System.Reflection;
using System.Text.Json;
using OppAssistant.BotFramework.Connector;
using OppAssistant.BotFramework.Coordinators;
using OppAssistant.BotFramework.DirectLine;
using OppAssistant.BotFramework.Safeguarding;
using OppAssistant.Core;
using OppAssistant.Drafting.AI;
using OppAssistant.Storage;
using OppAssistant.Web.Review;

namespace OppAssistant.Web.Tests;

/// <summary>appsettings.sample.json shows every key the options classes read, and no key they don't.</summary>
public sealed class AppSettingsSampleTests
{
    private static readonly (string Section, Type Options)[] BoundOptions =
    [
        (Web.Evaluation.EvaluationOptions.SectionName, typeof(Web.Evaluation.EvaluationOptions)),
        ("", typeof(BotAppOptions)),
        (BotConnectorOptions.SectionName, typeof(BotConnectorOptions)),
        (SafeguardingOptions.SectionName, typeof(SafeguardingOptions)),
        (CoordinatorOptions.SectionName, typeof(CoordinatorOptions)),
        (DirectLineOptions.SectionName, typeof(DirectLineOptions)),
        (StorageOptions.SectionName, typeof(StorageOptions)),
        (ContentOptions.SectionName, typeof(ContentOptions)),
        (AiDraftingOptions.SectionName, typeof(AiDraftingOptions)),
        (ReviewPageOptions.SectionName, typeof(ReviewPageOptions)),
        ($"{ReviewPageOptions.SectionName}:{nameof(ReviewPageOptions.OpenIdConnect)}", typeof(ReviewOpenIdConnectOptions)),
    ];

    /// <summary>Read by the options but only ever set through user-secrets or the environment.</summary>
    private static readonly string[] Secrets = ["MicrosoftAppPassword", "DirectLine:TokenSigningKey", "AiDrafting:ApiKey", "ReviewPage:OpenIdConnect:ClientSecret"];

    /// <summary>Bound elsewhere than "Section:Property".</summary>
    private static readonly Dictionary<string, string> Relocated = new()
    {
        ["Storage:PostgreSqlConnectionString"] = "ConnectionStrings:PostgreSql",
    };

    private static readonly string[] HostKeys = ["Logging:LogLevel:Default", "Logging:LogLevel:Microsoft.AspNetCore", "Logging:LogLevel:System.Net.Http.HttpClient", "AllowedHosts"];

    [Fact]
    public void The_sample_holds_exactly_the_keys_of_the_options_and_the_secrets_only_as_comments()
    {
        var sampleText = File.ReadAllText(SamplePath());
        var sample = Flatten(SampleDocument().RootElement, "").Select(p => p.Key).ToHashSet();

        var expected = BoundOptions
            .SelectMany(b => b.Options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.SetMethod is { IsPublic: true })
                // A nested options object is listed as a section of its own above.
                .Where(p => !BoundOptions.Any(o => o.Options == p.PropertyType))
                .Select(p => b.Section.Length == 0 ? p.Name : $"{b.Section}:{p.Name}"))
            .Select(key => Relocated.GetValueOrDefault(key, key))
            .Except(Secrets)
            .Concat(HostKeys)
            .ToHashSet();

        Assert.Empty(expected.Except(sample));
        Assert.Empty(sample.Except(expected));
        Assert.All(Secrets, secret => Assert.Contains(secret.Split(':')[^1], sampleText, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_service_starts_with_the_sample_as_its_configuration()
    {
        var settings = Flatten(SampleDocument().RootElement, "")
            .Where(p => p.Key != "Storage:DataDirectory")
            .ToDictionary(p => p.Key, p => p.Value);
        await using var app = new OppAssistantApplication(settings);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    private static JsonDocument SampleDocument() => JsonDocument.Parse(File.ReadAllText(SamplePath()), new JsonDocumentOptions
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    });

    private static string SamplePath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "appsettings.sample.json");
            if (File.Exists(path))
            {
                return path;
            }
        }
        throw new FileNotFoundException("appsettings.sample.json not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Configuration keys as the host sees them; an array is one key (its items are Key:0, Key:1 …).</summary>
    private static IEnumerable<KeyValuePair<string, string?>> Flatten(JsonElement element, string prefix)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                foreach (var pair in Flatten(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}"))
                {
                    yield return pair;
                }
            }
        }
        else
        {
            yield return new(prefix, element.ValueKind switch
            {
                JsonValueKind.Array => null,
                JsonValueKind.String => element.GetString(),
                _ => element.GetRawText(),
            });
        }
    }
}
