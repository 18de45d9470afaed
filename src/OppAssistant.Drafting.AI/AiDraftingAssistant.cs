using System.ClientModel;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Pupil;
using OppAssistant.Drafting.AI.Privacy;

namespace OppAssistant.Drafting.AI;

/// <summary>
/// <see cref="IDraftingAssistant"/> over an <see cref="IChatClient"/>. Per call: the plan's texts are masked
/// (<see cref="Pseudonymiser"/>), Semantic Kernel renders the prompt file into system and user messages and sends
/// them, the answer goes through the <see cref="OutputGuard"/> and gets its names back. Within
/// <see cref="AiDraftingOptions.TimeoutSeconds"/>; every failure becomes a result, never an exception.
/// </summary>
/// <remarks>
/// The kernel has no logger on purpose: SK logs rendered prompts at Trace level. This class logs only the use,
/// the outcome, the duration and token counts.
/// </remarks>
public sealed partial class AiDraftingAssistant : IDraftingAssistant
{
    private const int MaxSuggestedNeeds = 3;
    private const int MaxGoalHints = 4;

    private readonly Kernel kernel;
    private readonly DraftingPrompts prompts;
    private readonly Pseudonymiser pseudonymiser;
    private readonly TimeSpan timeout;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    internal AiDraftingAssistant(IChatClient chatClient, DraftingPrompts prompts, AiDraftingOptions options, TimeProvider time, ILogger<AiDraftingAssistant> logger)
    {
        var builder = Kernel.CreateBuilder();
        builder.Services.AddChatClient(chatClient);
        kernel = builder.Build();
        this.prompts = prompts;
        pseudonymiser = new Pseudonymiser(options.SchoolNames);
        timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        this.time = time;
        this.logger = logger;
    }

    public bool IsEnabled => true;

    public Task<DraftingResult> RephraseNeedAsync(RephraseNeedRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(DraftingUse.RephraseNeed, pseudonymiser.Start(request.Plan), PromptInputs.RephraseNeed(request, prompts), Suggestion(int.MaxValue), stream: false, cancellationToken);
    }

    public Task<DraftingResult> SuggestNeedsAsync(SuggestNeedsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(DraftingUse.SuggestNeeds, pseudonymiser.Start(request.Plan), PromptInputs.SuggestNeeds(request, prompts), Suggestion(MaxSuggestedNeeds), stream: false, cancellationToken);
    }

    public Task<DraftingResult> SmartGoalHintsAsync(SmartGoalHintsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(DraftingUse.SmartGoalHints, pseudonymiser.Start(request.Plan), PromptInputs.SmartGoalHints(request, prompts), Suggestion(MaxGoalHints), stream: false, cancellationToken);
    }

    /// <summary>Streamed: the longest answer, so the connection carries data while it is written.</summary>
    public Task<DraftingResult> PlainDutchForParentsAsync(PlainDutchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(DraftingUse.PlainDutchForParents, pseudonymiser.Start(request.Plan), PromptInputs.PlainDutchForParents(request, prompts), Suggestion(int.MaxValue), stream: true, cancellationToken);
    }

    /// <summary>The pupil's names are masked like a plan's; the answer must be exactly one known id, else it is an empty answer.</summary>
    public Task<DraftingResult> ClassifyDisclosureAsync(DisclosureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(DraftingUse.ClassifyDisclosure, pseudonymiser.Start(request.Names ?? []), PromptInputs.ClassifyDisclosure(request), Category, stream: false, cancellationToken);
    }

    /// <summary>Turns the model's answer (placeholders still in it) into the result of one use.</summary>
    private delegate DraftingResult Interpret(DraftingUse use, string answer, PseudonymSession session, DraftingUsage usage, TimeSpan duration);

    /// <summary>A suggestion for the teacher: guarded, names restored, cut to <paramref name="maxItems"/> lines.</summary>
    private static Interpret Suggestion(int maxItems) => (use, answer, session, usage, duration) =>
    {
        var (guarded, removed) = OutputGuard.Clean(answer);
        var text = session.Restore(guarded).Trim();
        var items = ItemsOf(text).Take(maxItems).ToList();
        if (items.Count == 0)
        {
            return DraftingResult.Failed(use, DraftingOutcome.EmptyAnswer, duration, usage, removed > 0 ? "guard removed every sentence" : "empty answer", removed);
        }
        // Cut to the allowed number of items (SuggestNeeds, SmartGoalHints) without losing the text's own form otherwise.
        var kept = maxItems < int.MaxValue ? string.Join('\n', text.Split('\n').Where(l => l.Trim().Length > 0).Take(maxItems)) : text;
        return new DraftingResult(use, DraftingOutcome.Succeeded, kept, items, usage, duration, removed);
    };

    /// <summary>One category id or "none", allowing only case, spaces, quotes and a full stop around it.</summary>
    private static DraftingResult Category(DraftingUse use, string answer, PseudonymSession session, DraftingUsage usage, TimeSpan duration)
    {
        var id = answer.Trim().Trim('"', '\'', '`', '.', '«', '»', ' ').ToLowerInvariant();
        return id == DisclosureCategories.None || DisclosureCategories.FromId(id) is not null
            ? new DraftingResult(use, DraftingOutcome.Succeeded, id, [id], usage, duration)
            : DraftingResult.Failed(use, DraftingOutcome.EmptyAnswer, duration, usage, "not a category id");
    }

    private async Task<DraftingResult> RunAsync(DraftingUse use, PseudonymSession session, Dictionary<string, string> inputs, Interpret interpret, bool stream, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        DraftingResult result;
        try
        {
            var arguments = new KernelArguments();
            foreach (var (name, value) in session.MaskAll(inputs))
            {
                arguments[name] = value;
            }
            var response = stream
                ? await StreamAsync(use, arguments, linked.Token).ConfigureAwait(false)
                : await InvokeAsync(use, arguments, linked.Token).ConfigureAwait(false);
            var usage = new DraftingUsage(response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0);
            result = interpret(use, response.Text, session, usage, Elapsed(started));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogCancelled(use, Elapsed(started).TotalMilliseconds);
            throw;
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested)
        {
            result = DraftingResult.Failed(use, DraftingOutcome.TimedOut, Elapsed(started), reason: $"no answer within {timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (Unwrap(e) is ClientResultException { Status: 429 })
        {
            result = DraftingResult.Failed(use, DraftingOutcome.RateLimited, Elapsed(started), reason: "HTTP 429");
        }
        catch (Exception e) when (Unwrap(e) is ClientResultException { Status: > 0 } failed)
        {
            result = DraftingResult.Failed(use, DraftingOutcome.ServiceError, Elapsed(started), reason: $"HTTP {failed.Status}");
        }
        catch (Exception e) when (Unwrap(e) is TimeoutException or OperationCanceledException)
        {
            // The client's own network timeout (it ends a hung connection a little after ours).
            result = DraftingResult.Failed(use, DraftingOutcome.TimedOut, Elapsed(started), reason: "network timeout");
        }
        catch (Exception e)
        {
            // Unreachable host, a reply that is no chat completion, a prompt that fails to render: the type says
            // enough; the message could quote the service's answer, so it is not kept.
            result = DraftingResult.Failed(use, DraftingOutcome.ServiceError, Elapsed(started), reason: Unwrap(e).GetType().Name);
        }
        LogResult(result.Use, result.Outcome, result.Duration.TotalMilliseconds, result.Usage.PromptTokens, result.Usage.CompletionTokens, result.RemovedSentences, result.FailureReason);
        return result;
    }

    private async Task<ChatResponse> InvokeAsync(DraftingUse use, KernelArguments arguments, CancellationToken cancellationToken)
    {
        var result = await kernel.InvokeAsync(prompts[use], arguments, cancellationToken).ConfigureAwait(false);
        return result.GetValue<ChatResponse>() ?? new ChatResponse();
    }

    private async Task<ChatResponse> StreamAsync(DraftingUse use, KernelArguments arguments, CancellationToken cancellationToken)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in kernel.InvokeStreamingAsync<ChatResponseUpdate>(prompts[use], arguments, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
        }
        return updates.ToChatResponse();
    }

    /// <summary>The answer's lines without bullets or numbers.</summary>
    internal static IEnumerable<string> ItemsOf(string text) =>
        text.Split('\n')
            .Select(line => Bullet().Replace(line, "").Trim())
            .Where(line => line.Length > 0);

    private TimeSpan Elapsed(long started) => time.GetElapsedTime(started);

    private static Exception Unwrap(Exception e)
    {
        while (e is KernelException or HttpOperationException or AggregateException && e.InnerException is not null)
        {
            e = e.InnerException!;
        }
        return e;
    }

    [GeneratedRegex(@"^\s*(?:[-*•]\s+|\d{1,2}[.)]\s+)")]
    private static partial Regex Bullet();

    [LoggerMessage(Level = LogLevel.Information, Message = "AI drafting {Use}: {Outcome} in {DurationMs:0} ms; {PromptTokens} prompt and {CompletionTokens} completion tokens; {RemovedSentences} sentences removed by the guard; {FailureReason}")]
    private partial void LogResult(DraftingUse use, DraftingOutcome outcome, double durationMs, long promptTokens, long completionTokens, int removedSentences, string? failureReason);

    [LoggerMessage(Level = LogLevel.Information, Message = "AI drafting {Use}: cancelled by the caller after {DurationMs:0} ms")]
    private partial void LogCancelled(DraftingUse use, double durationMs);
}
