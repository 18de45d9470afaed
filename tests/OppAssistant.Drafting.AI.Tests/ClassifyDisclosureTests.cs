using System.Text.RegularExpressions;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Pupil;

namespace OppAssistant.Drafting.AI.Tests;

/// <summary>The AI's second look at a pupil's answer, against the fake Azure OpenAI on 127.0.0.1.</summary>
public sealed class ClassifyDisclosureTests : IAsyncLifetime
{
    private FakeAzureOpenAI fake = null!;

    public async ValueTask InitializeAsync() => fake = await FakeAzureOpenAI.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await fake.DisposeAsync();

    [Theory]
    [InlineData("self_harm", "self_harm")]
    [InlineData("suicidal", "suicidal")]
    [InlineData("  Abuse.\n", "abuse")]
    [InlineData("\"home_violence\"", "home_violence")]
    [InlineData("none", "none")]
    public async Task A_known_id_is_the_answer(string reply, string id)
    {
        fake.Enqueue(new FakeReply(reply, PromptTokens: 210, CompletionTokens: 2));
        using var services = DraftingServices.For(fake, AiApiStyle.AzureDeployment);

        var result = await ClassifyAsync(services, "Soms ben ik heel verdrietig en dan krab ik mijn arm open.");

        Assert.Equal(DraftingOutcome.Succeeded, result.Outcome);
        Assert.Equal(DraftingUse.ClassifyDisclosure, result.Use);
        Assert.Equal(id, result.Text);
        Assert.Equal([id], result.Items);
        Assert.Equal(new DraftingUsage(210, 2), result.Usage);
        var request = Assert.Single(fake.Requests);
        Assert.False(request.Stream);
        Assert.Equal(["system", "user"], request.Messages.Select(m => m.Role));
        Assert.Contains("krab ik mijn arm open", request.Messages[1].Content, StringComparison.Ordinal);
        Assert.Contains("groep-6-8", request.Messages[1].Content, StringComparison.Ordinal);
        Assert.All(DisclosureCategories.Ids.Append(DisclosureCategories.None), code => Assert.Contains(code + ":", request.Messages[0].Content, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Ik denk dat dit abuse is.")]
    [InlineData("abuse, suicidal")]
    [InlineData("mishandeling")]
    [InlineData("«LEERLING_1»")]
    [InlineData("   ")]
    public async Task Anything_but_one_known_id_is_an_empty_answer(string reply)
    {
        fake.Enqueue(new FakeReply(reply));
        using var services = DraftingServices.For(fake, AiApiStyle.OpenAICompatible);

        var result = await ClassifyAsync(services, "Ik speel graag buiten.");

        Assert.Equal(DraftingOutcome.EmptyAnswer, result.Outcome);
        Assert.False(result.Succeeded);
        Assert.Equal("", result.Text);
        Assert.Null(DisclosureCategories.FromId(result.Text));
    }

    [Fact]
    public async Task The_pupils_name_and_other_names_do_not_reach_the_wire()
    {
        fake.Enqueue(new FakeReply("abuse"));
        using var services = DraftingServices.For(fake, AiApiStyle.AzureDeployment);

        var result = await services.Assistant.ClassifyDisclosureAsync(
            new DisclosureRequest("Ik ben Noor Pieters. Mijn oom Karel doet Noor pijn, juf Anja weet het niet. Bel 06-12345678.", AgeBand.Vo, ["Noor Pieters"]),
            TestContext.Current.CancellationToken);

        Assert.Equal("abuse", result.Text);
        var request = Assert.Single(fake.Requests);
        foreach (var secret in new[] { "Noor", "Pieters", "Karel", "Anja", "06-12345678" })
        {
            Assert.False(
                Regex.IsMatch(request.AllText, @"(?<![\p{L}\p{N}])" + Regex.Escape(secret) + @"(?![\p{L}\p{N}])", RegexOptions.IgnoreCase),
                $"'{secret}' was sent: {request.Messages[1].Content}");
        }
        Assert.Contains("«LEERLING_1»", request.Messages[1].Content, StringComparison.Ordinal);
        Assert.Matches(@"oom «NAAM_\d»", request.Messages[1].Content);
        Assert.Matches(@"juf «NAAM_\d»", request.Messages[1].Content);
    }

    [Fact]
    public async Task A_failing_service_is_a_result_and_the_logs_hold_no_words()
    {
        fake.Enqueue(new FakeReply(Status: 500), new FakeReply("self_harm"));
        using var services = DraftingServices.For(fake, AiApiStyle.AzureDeployment);

        var failed = await ClassifyAsync(services, "Ik snij soms in mijn arm.");
        var found = await ClassifyAsync(services, "Ik snij soms in mijn arm.");

        Assert.Equal((DraftingOutcome.ServiceError, "HTTP 500"), (failed.Outcome, failed.FailureReason));
        Assert.Equal("self_harm", found.Text);
        var logs = string.Join("\n", services.Logs);
        Assert.Contains("AI drafting ClassifyDisclosure: Succeeded", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("snij", logs, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("self_harm", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_AI_the_classifier_is_disabled()
    {
        var result = await new NoDraftingAssistant().ClassifyDisclosureAsync(new DisclosureRequest("ik wil dood", AgeBand.Groep3To5), TestContext.Current.CancellationToken);

        Assert.Equal(DraftingOutcome.Disabled, result.Outcome);
        Assert.Equal(DraftingUse.ClassifyDisclosure, result.Use);
    }

    private static Task<DraftingResult> ClassifyAsync(DraftingServices services, string text) =>
        services.Assistant.ClassifyDisclosureAsync(new DisclosureRequest(text, AgeBand.Groep6To8, ["Lina"]), TestContext.Current.CancellationToken);
}
