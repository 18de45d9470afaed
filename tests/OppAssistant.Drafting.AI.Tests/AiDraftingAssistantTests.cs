using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;

namespace OppAssistant.Drafting.AI.Tests;

/// <summary>The four uses against a fake Azure OpenAI on 127.0.0.1, in both API styles. No other network.</summary>
public sealed class AiDraftingAssistantTests : IAsyncLifetime
{
    private FakeAzureOpenAI fake = null!;

    public static TheoryData<DraftingUse, AiApiStyle> UsesAndStyles()
    {
        var data = new TheoryData<DraftingUse, AiApiStyle>();
        // The disclosure classifier answers with a code, not a suggestion; ClassifyDisclosureTests covers it.
        foreach (var use in Enum.GetValues<DraftingUse>().Where(u => u != DraftingUse.ClassifyDisclosure))
        {
            foreach (var style in Enum.GetValues<AiApiStyle>())
            {
                data.Add(use, style);
            }
        }
        return data;
    }

    public async ValueTask InitializeAsync() => fake = await FakeAzureOpenAI.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await fake.DisposeAsync();

    [Theory]
    [MemberData(nameof(UsesAndStyles))]
    public async Task Each_use_answers_through_either_api_style_with_its_token_counts(DraftingUse use, AiApiStyle style)
    {
        fake.Enqueue(new FakeReply("- Om het doel te behalen, heeft «LEERLING_1» nodig: korte uitleg in kleine stappen.", PromptTokens: 321, CompletionTokens: 54));
        using var services = DraftingServices.For(fake, style);

        var result = await CallAsync(services.Assistant, use, RichPlan.Create());

        Assert.Equal(DraftingOutcome.Succeeded, result.Outcome);
        Assert.Equal(use, result.Use);
        Assert.Contains("heeft Lina nodig: korte uitleg in kleine stappen.", result.Text, StringComparison.Ordinal);
        Assert.Equal("Om het doel te behalen, heeft Lina nodig: korte uitleg in kleine stappen.", Assert.Single(result.Items));
        Assert.Equal(new DraftingUsage(321, 54), result.Usage);
        var request = Assert.Single(fake.Requests);
        if (style == AiApiStyle.AzureDeployment)
        {
            Assert.Equal("/openai/deployments/gpt-4o-opp/chat/completions", request.Path);
            Assert.Contains("api-version=2024-10-21", request.Query, StringComparison.Ordinal);
            Assert.Equal(FakeAzureOpenAI.ApiKey, request.ApiKeyHeader);
            Assert.Null(request.Authorization);
        }
        else
        {
            Assert.Equal("/openai/v1/chat/completions", request.Path);
            Assert.Equal("Bearer " + FakeAzureOpenAI.ApiKey, request.Authorization);
            Assert.Null(request.ApiKeyHeader);
            Assert.Equal("gpt-4o-opp", request.Model);
        }
        // The one streaming use streams; the answer is the same.
        Assert.Equal(use == DraftingUse.PlainDutchForParents, request.Stream);
        // Rendered by SK into a system message with the rules and a user message with the (masked) plan.
        Assert.Equal(["system", "user"], request.Messages.Select(m => m.Role));
        Assert.Contains("uitstroomperspectief", request.Messages[0].Content, StringComparison.Ordinal);
        Assert.Contains("«LEERLING_1»", request.Messages[1].Content, StringComparison.Ordinal);
        Assert.DoesNotContain("&#", request.Messages[1].Content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AiApiStyle.AzureDeployment)]
    [InlineData(AiApiStyle.OpenAICompatible)]
    public async Task No_name_birth_date_address_bsn_phone_email_or_school_of_a_rich_plan_reaches_the_wire(AiApiStyle style)
    {
        using var services = DraftingServices.For(fake, style);
        var plan = RichPlan.Create();
        var goal = plan.Goals[0];
        var assistant = services.Assistant;

        var results = new[]
        {
            await assistant.RephraseNeedAsync(new RephraseNeedRequest(plan, goal, NeedKind.Educational, "instructie", "Lina heeft baat bij juf Anja die haar vóór de les de moeilijke woorden uitlegt; mail haar moeder via johan.bakker@example.nl"), TestContext.Current.CancellationToken),
            await assistant.SuggestNeedsAsync(new SuggestNeedsRequest(plan, goal, NeedKind.Parenting), TestContext.Current.CancellationToken),
            await assistant.SmartGoalHintsAsync(new SmartGoalHintsRequest(plan, goal), TestContext.Current.CancellationToken),
            await assistant.PlainDutchForParentsAsync(new PlainDutchRequest(plan, "Ondersteuning en aanpak", RichPlan.SectionForParents), TestContext.Current.CancellationToken),
        };

        Assert.All(results, r => Assert.True(r.Succeeded, r.FailureReason));
        Assert.Equal(4, fake.Requests.Count);
        foreach (var request in fake.Requests)
        {
            var text = request.AllText;
            foreach (var secret in RichPlan.Secrets)
            {
                Assert.False(
                    Regex.IsMatch(text, @"(?<![\p{L}\p{N}])" + Regex.Escape(secret) + @"(?![\p{L}\p{N}])", RegexOptions.IgnoreCase),
                    $"'{secret}' was sent in a request to {request.Path}: {string.Join("\n", request.Messages.Select(m => m.Content))}");
            }
        }
        // The plan's content itself does arrive, with placeholders where the details were.
        var factors = fake.Requests.ElementAt(1).Messages[1].Content;
        Assert.Contains("raakt snel afgeleid bij lange teksten", factors, StringComparison.Ordinal);
        Assert.Matches(@"«LEERLING_1» \(geboren «DATUM_\d»\)", factors);
        Assert.Matches(@"«ADRES_\d»", factors);
        Assert.Matches(@"«BSN_\d»", factors);
        Assert.Matches(@"«TELEFOON_\d»", factors);
        Assert.Matches(@"«EMAIL_\d»", factors);
        Assert.Matches(@"«SCHOOL_\d»", factors);
        Assert.Matches(@"juf «NAAM_\d»", factors);
    }

    [Fact]
    public async Task Placeholders_in_the_answer_get_their_originals_back()
    {
        using var services = DraftingServices.For(fake, AiApiStyle.AzureDeployment);
        var plan = RichPlan.Create();
        var note = "juf Anja legt de moeilijke woorden vooraf uit; ze is bereikbaar op 06-12345678";
        fake.DefaultReply = new FakeReply("placeholder answer");
        await services.Assistant.RephraseNeedAsync(new RephraseNeedRequest(plan, plan.Goals[0], NeedKind.Educational, null, note), TestContext.Current.CancellationToken);
        var sent = fake.Requests.Single().Messages[1].Content;
        var anja = Regex.Match(sent, @"juf (?<p>«NAAM_\d»)").Groups["p"].Value;
        var phone = Regex.Match(sent, @"«TELEFOON_\d»").Value;
        Assert.NotEmpty(anja);
        Assert.NotEmpty(phone);
        fake.Enqueue(new FakeReply($"Om het doel te behalen, heeft «LEERLING_1» nodig: {anja} die vooraf de moeilijke woorden uitlegt (bereikbaar op {phone}). Zie ook <<LEERLING_1>>."));

        var result = await services.Assistant.RephraseNeedAsync(new RephraseNeedRequest(plan, plan.Goals[0], NeedKind.Educational, null, note), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded);
        Assert.Equal("Om het doel te behalen, heeft Lina nodig: Anja de Vries die vooraf de moeilijke woorden uitlegt (bereikbaar op 06-12345678). Zie ook Lina.", result.Text);
    }

    [Theory]
    [InlineData(DraftingUse.SmartGoalHints)]
    [InlineData(DraftingUse.PlainDutchForParents)]
    public async Task A_slow_service_gives_TimedOut_within_the_time_limit(DraftingUse use)
    {
        fake.DefaultReply = new FakeReply("Te laat.", Delay: TimeSpan.FromSeconds(20));
        using var services = DraftingServices.For(fake, AiApiStyle.AzureDeployment, new Dictionary<string, string?> { ["AiDrafting:TimeoutSeconds"] = "1" });
        var watch = Stopwatch.StartNew();

        var result = await CallAsync(services.Assistant, use, RichPlan.Create());

        Assert.Equal(DraftingOutcome.TimedOut, result.Outcome);
        Assert.False(result.Succeeded);
        Assert.Equal("", result.Text);
        Assert.Empty(result.Items);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(6));
    }

    [Theory]
    [InlineData(500, DraftingOutcome.ServiceError, "HTTP 500", DraftingUse.RephraseNeed)]
    [InlineData(503, DraftingOutcome.ServiceError, "HTTP 503", DraftingUse.PlainDutchForParents)]
    [InlineData(429, DraftingOutcome.RateLimited, "HTTP 429", DraftingUse.SuggestNeeds)]
    [InlineData(429, DraftingOutcome.RateLimited, "HTTP 429", DraftingUse.PlainDutchForParents)]
    public async Task An_error_status_gives_a_failure_result_without_retrying(int status, DraftingOutcome outcome, string reason, DraftingUse use)
    {
        fake.DefaultReply = new FakeReply(Status: status);
        using var services = DraftingServices.For(fake, AiApiStyle.OpenAICompatible);

        var result = await CallAsync(services.Assistant, use, RichPlan.Create());

        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(reason, result.FailureReason);
        Assert.Equal("", result.Text);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task An_unreachable_service_gives_a_failure_result()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var services = DraftingServices.For(fake, AiApiStyle.AzureDeployment, new Dictionary<string, string?> { ["AiDrafting:Endpoint"] = $"http://127.0.0.1:{closedPort}/" });

        var result = await CallAsync(services.Assistant, DraftingUse.SmartGoalHints, RichPlan.Create());

        Assert.Equal(DraftingOutcome.ServiceError, result.Outcome);
        Assert.NotNull(result.FailureReason);
    }

    [Fact]
    public async Task The_callers_own_cancellation_is_thrown_not_reported()
    {
        fake.DefaultReply = new FakeReply("Te laat.", Delay: TimeSpan.FromSeconds(20));
        using var services = DraftingServices.For(fake, AiApiStyle.AzureDeployment);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));
        var plan = RichPlan.Create();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => services.Assistant.SmartGoalHintsAsync(new SmartGoalHintsRequest(plan, plan.Goals[0]), cancel.Token));
    }

    [Theory]
    [InlineData(AiApiStyle.AzureDeployment, DraftingUse.RephraseNeed)]
    [InlineData(AiApiStyle.OpenAICompatible, DraftingUse.PlainDutchForParents)]
    public async Task An_answer_proposing_a_level_or_placement_loses_that_sentence(AiApiStyle style, DraftingUse use)
    {
        fake.Enqueue(new FakeReply(
            "Om het doel te behalen, heeft «LEERLING_1» nodig: elke dag tien minuten hardop lezen met directe feedback. " +
            "Het uitstroomperspectief zou vmbo-kader moeten zijn. «LEERLING_1» past het best op het praktijkonderwijs."));
        using var services = DraftingServices.For(fake, style);

        var result = await CallAsync(services.Assistant, use, RichPlan.Create());

        Assert.True(result.Succeeded);
        Assert.Equal("Om het doel te behalen, heeft Lina nodig: elke dag tien minuten hardop lezen met directe feedback.", result.Text);
        Assert.Equal(2, result.RemovedSentences);
    }

    [Fact]
    public async Task An_answer_that_only_proposes_a_level_is_an_empty_answer()
    {
        fake.Enqueue(new FakeReply("Advies: havo-niveau. Het uitstroomperspectief is vwo."));
        using var services = DraftingServices.For(fake, AiApiStyle.AzureDeployment);

        var result = await CallAsync(services.Assistant, DraftingUse.SmartGoalHints, RichPlan.Create());

        Assert.Equal(DraftingOutcome.EmptyAnswer, result.Outcome);
        Assert.Equal(2, result.RemovedSentences);
        Assert.Equal("", result.Text);
    }

    [Fact]
    public async Task Suggested_needs_are_at_most_three_items_without_bullets()
    {
        fake.Enqueue(new FakeReply("- Eerste behoefte.\n- Tweede behoefte.\n\n- Derde behoefte.\n- Vierde behoefte.\n- Vijfde behoefte."));
        using var services = DraftingServices.For(fake, AiApiStyle.AzureDeployment);

        var result = await CallAsync(services.Assistant, DraftingUse.SuggestNeeds, RichPlan.Create());

        Assert.Equal(["Eerste behoefte.", "Tweede behoefte.", "Derde behoefte."], result.Items);
        Assert.Equal("- Eerste behoefte.\n- Tweede behoefte.\n- Derde behoefte.", result.Text);
    }

    [Fact]
    public async Task The_answer_length_is_capped_by_MaxOutputTokens()
    {
        using var services = DraftingServices.For(fake, AiApiStyle.AzureDeployment, new Dictionary<string, string?> { ["AiDrafting:MaxOutputTokens"] = "120" });
        var plan = RichPlan.Create();

        await services.Assistant.SmartGoalHintsAsync(new SmartGoalHintsRequest(plan, plan.Goals[0]), TestContext.Current.CancellationToken);
        await services.Assistant.PlainDutchForParentsAsync(new PlainDutchRequest(plan, "Kop", "Korte tekst."), TestContext.Current.CancellationToken);

        foreach (var request in fake.Requests)
        {
            var body = JsonNode.Parse(request.Body)!;
            var max = (body["max_completion_tokens"] ?? body["max_tokens"])!.GetValue<int>();
            Assert.Equal(120, max);
        }
    }

    [Fact]
    public async Task Logs_hold_use_outcome_duration_and_tokens_but_no_text_names_or_key()
    {
        fake.Enqueue(
            new FakeReply("Om het doel te behalen, heeft «LEERLING_1» nodig: uitleg vooraf.", PromptTokens: 300, CompletionTokens: 20),
            new FakeReply(Status: 500));
        using var services = DraftingServices.For(fake, AiApiStyle.AzureDeployment);
        var plan = RichPlan.Create();

        await services.Assistant.RephraseNeedAsync(new RephraseNeedRequest(plan, plan.Goals[0], NeedKind.Educational, null, "juf Anja legt vooraf uit"), TestContext.Current.CancellationToken);
        await services.Assistant.PlainDutchForParentsAsync(new PlainDutchRequest(plan, "Kop", RichPlan.SectionForParents), TestContext.Current.CancellationToken);

        var logs = string.Join("\n", services.Logs);
        Assert.Contains("AI drafting RephraseNeed: Succeeded", logs, StringComparison.Ordinal);
        Assert.Contains("300 prompt and 20 completion tokens", logs, StringComparison.Ordinal);
        Assert.Contains("AI drafting PlainDutchForParents: ServiceError", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeAzureOpenAI.ApiKey, logs, StringComparison.Ordinal);
        foreach (var word in RichPlan.Secrets.Concat(["uitleg vooraf", "LEERLING_1", "legt vooraf uit", "hulpzin", "Om het doel"]))
        {
            Assert.False(Regex.IsMatch(logs, @"(?<![\p{L}\p{N}])" + Regex.Escape(word) + @"(?![\p{L}\p{N}])", RegexOptions.IgnoreCase), $"'{word}' was logged");
        }
    }

    private static Task<DraftingResult> CallAsync(IDraftingAssistant assistant, DraftingUse use, OppDocument plan)
    {
        var goal = plan.Goals[0];
        var token = TestContext.Current.CancellationToken;
        return use switch
        {
            DraftingUse.RephraseNeed => assistant.RephraseNeedAsync(new RephraseNeedRequest(plan, goal, NeedKind.Educational, "instructie", "Lina wil graag vooraf weten welke woorden moeilijk zijn"), token),
            DraftingUse.SuggestNeeds => assistant.SuggestNeedsAsync(new SuggestNeedsRequest(plan, goal, NeedKind.Educational), token),
            DraftingUse.SmartGoalHints => assistant.SmartGoalHintsAsync(new SmartGoalHintsRequest(plan, goal), token),
            DraftingUse.PlainDutchForParents => assistant.PlainDutchForParentsAsync(new PlainDutchRequest(plan, "Ondersteuning en aanpak", RichPlan.SectionForParents), token),
            DraftingUse.ClassifyDisclosure => assistant.ClassifyDisclosureAsync(new DisclosureRequest("Ik vind lezen moeilijk.", OppAssistant.Core.Pupil.AgeBand.Groep6To8, [plan.Pupil.Name ?? ""]), token),
            _ => throw new ArgumentOutOfRangeException(nameof(use)),
        };
    }
}
