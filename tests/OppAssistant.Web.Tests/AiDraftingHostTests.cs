using Microsoft.Extensions.DependencyInjection;
using OppAssistant.Core.Drafting;
using OppAssistant.Drafting.AI;

namespace OppAssistant.Web.Tests;

/// <summary>The host runs without AI by default and picks the AI assistant only when AiDrafting is enabled.</summary>
public sealed class AiDraftingHostTests
{
    [Fact]
    public async Task By_default_the_host_has_no_AI_and_says_so()
    {
        await using var app = new OppAssistantApplication();
        using var client = app.CreateClient();

        Assert.IsType<NoDraftingAssistant>(app.Services.GetRequiredService<IDraftingAssistant>());
        Assert.Contains(app.Logs, line => line.Contains("AI drafting is off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Enabled_the_host_uses_the_AI_assistant_with_the_prompts_next_to_the_application()
    {
        await using var app = new OppAssistantApplication(new Dictionary<string, string?>
        {
            ["AiDrafting:Enabled"] = "true",
            ["AiDrafting:Endpoint"] = "https://my-resource.openai.azure.com",
            ["AiDrafting:Deployment"] = "gpt-4o",
            ["AiDrafting:ApiKey"] = "not-a-real-key-0123456789",
        });
        using var client = app.CreateClient();

        using var health = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        Assert.IsType<AiDraftingAssistant>(app.Services.GetRequiredService<IDraftingAssistant>());
        Assert.Contains(app.Logs, line => line.Contains("AI drafting is on: AzureDeployment at my-resource.openai.azure.com", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs, line => line.Contains("not-a-real-key", StringComparison.Ordinal));
    }
}
