using Microsoft.Extensions.Options;

namespace OppAssistant.Web.Tests;

/// <summary>A broken configuration stops the service at start, with a message that names the key to fix.</summary>
public sealed class ConfigurationValidationTests
{
    [Theory]
    [InlineData("Storage:ActivityRetention", "00:00:01", "Storage:ActivityRetention")]
    [InlineData("ConnectionStrings:PostgreSql", "this is not a connection string", "ConnectionStrings:PostgreSql")]
    [InlineData("Content:DialogsDirectory", "/nonexistent/dialogs", "Content:DialogsDirectory")]
    [InlineData("Evaluation:CheckInterval", "00:00:10", "Evaluation:CheckInterval")]
    [InlineData("Content:StandardOfferFile", "/nonexistent/basisondersteuning.md", "Content:StandardOfferFile")]
    [InlineData("AiDrafting:Enabled", "true", "AiDrafting:Endpoint is required")]
    [InlineData("AiDrafting:Enabled", "true", "AiDrafting:ApiKey is required")]
    [InlineData("Safeguarding:DesignatedPersons:0", "not-a-guid", "Safeguarding:DesignatedPersons:0 is not a GUID")]
    [InlineData("Safeguarding:TeamsServiceUrl", "http://smba.trafficmanager.net/emea/", "Safeguarding:TeamsServiceUrl must be an absolute https URL")]
    [InlineData("Safeguarding:DesignatedPersons:0", "0a0a0a0a-1111-4111-8111-00000000000a", "the bot has no credentials")]
    public void The_service_does_not_start_with_a_broken_setting(string key, string value, string named)
    {
        using var app = new OppAssistantApplication(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var validation = Assert.IsType<OptionsValidationException>(Unwrap(error));
        Assert.Contains(named, string.Join(" ", validation.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_dialog_file_stops_the_service_with_file_and_line()
    {
        var dialogs = Path.Combine(Path.GetTempPath(), "oppassistant-broken-dialogs-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(dialogs);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "dialogs"), "*.yaml"))
        {
            File.Copy(file, Path.Combine(dialogs, Path.GetFileName(file)));
        }
        var common = Path.Combine(dialogs, "common.yaml");
        File.WriteAllText(common, File.ReadAllText(common).Replace("  welcome: |", "  welkom: |", StringComparison.Ordinal));
        using var app = new OppAssistantApplication(new Dictionary<string, string?> { ["Content:DialogsDirectory"] = dialogs });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var validation = Assert.IsType<OptionsValidationException>(Unwrap(error));
        Assert.Matches(@"dialogs/common\.yaml:\d+:\d+: missing text 'welcome'", string.Join(" ", validation.Failures));
        Directory.Delete(dialogs, recursive: true);
    }

    private static Exception Unwrap(Exception error) =>
        error is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : error;
}
