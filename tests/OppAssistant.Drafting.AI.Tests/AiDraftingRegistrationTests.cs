using Microsoft.Extensions.Options;
using OppAssistant.Core.Drafting;

namespace OppAssistant.Drafting.AI.Tests;

/// <summary>Off by default; on only when enabled and complete; a half-filled section stops the start with the key to fix.</summary>
public sealed class AiDraftingRegistrationTests
{
    [Fact]
    public void Without_the_section_drafting_is_off_and_nothing_is_checked()
    {
        using var services = new DraftingServices(new Dictionary<string, string?>());

        Assert.IsType<NoDraftingAssistant>(services.Assistant);
        Assert.False(services.Assistant.IsEnabled);
    }

    [Fact]
    public async Task Switched_off_with_settings_left_in_place_it_stays_off()
    {
        using var services = new DraftingServices(new Dictionary<string, string?>
        {
            ["AiDrafting:Enabled"] = "false",
            ["AiDrafting:Endpoint"] = "not a url",
        });

        var result = await services.Assistant.SmartGoalHintsAsync(new SmartGoalHintsRequest(RichPlan.Create(), RichPlan.Goal()), TestContext.Current.CancellationToken);

        Assert.Equal(DraftingOutcome.Disabled, result.Outcome);
    }

    [Fact]
    public void Enabled_and_complete_it_is_the_AI_assistant()
    {
        using var services = new DraftingServices(Complete());

        Assert.IsType<AiDraftingAssistant>(services.Assistant);
        Assert.True(services.Assistant.IsEnabled);
    }

    [Theory]
    [InlineData("AiDrafting:Endpoint", null, "AiDrafting:Endpoint is required")]
    [InlineData("AiDrafting:ApiKey", null, "AiDrafting:ApiKey is required")]
    [InlineData("AiDrafting:ApiKey", "", "user-secrets or the environment variable AiDrafting__ApiKey")]
    [InlineData("AiDrafting:Endpoint", "http://my-resource.openai.azure.com", "AiDrafting:Endpoint must use https")]
    [InlineData("AiDrafting:Endpoint", "my-resource", "AiDrafting:Endpoint must be an absolute https URL")]
    [InlineData("AiDrafting:Deployment", null, "AiDrafting:Deployment (the Azure OpenAI deployment name) is required")]
    [InlineData("AiDrafting:ApiStyle", "OpenAICompatible", "AiDrafting:Model is required")]
    [InlineData("AiDrafting:TimeoutSeconds", "0", "AiDrafting:TimeoutSeconds must be between 1 and 120")]
    [InlineData("AiDrafting:MaxOutputTokens", "5", "AiDrafting:MaxOutputTokens must be between 50 and 4000")]
    [InlineData("AiDrafting:PromptsDirectory", "/nonexistent/prompts", "AiDrafting:PromptsDirectory: the prompts folder /nonexistent/prompts does not exist")]
    public void Enabled_but_incomplete_fails_validation_naming_the_key(string key, string? value, string message)
    {
        var settings = Complete();
        settings[key] = value;
        using var services = new DraftingServices(settings);

        var error = Assert.Throws<OptionsValidationException>(() => services.Assistant);

        Assert.Contains(message, string.Join(" ", error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_http_endpoint_on_this_machine_is_allowed_for_local_tests()
    {
        var settings = Complete();
        settings["AiDrafting:Endpoint"] = "http://127.0.0.1:5999/";
        using var services = new DraftingServices(settings);

        Assert.True(services.Assistant.IsEnabled);
    }

    [Fact]
    public void Core_knows_no_LLM_package()
    {
        var references = typeof(IDraftingAssistant).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, name =>
            name.StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.Extensions.AI", StringComparison.Ordinal)
            || name.StartsWith("OpenAI", StringComparison.Ordinal)
            || name.StartsWith("OppAssistant.Drafting", StringComparison.Ordinal));
    }

    private static Dictionary<string, string?> Complete() => new()
    {
        ["AiDrafting:Enabled"] = "true",
        ["AiDrafting:Endpoint"] = "https://my-resource.openai.azure.com",
        ["AiDrafting:Deployment"] = "gpt-4o",
        ["AiDrafting:ApiKey"] = "secret",
        ["AiDrafting:PromptsDirectory"] = Repo.PromptsDirectory,
    };
}
