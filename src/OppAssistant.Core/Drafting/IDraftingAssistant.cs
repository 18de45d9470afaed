using OppAssistant.Core.Opp;
using OppAssistant.Core.Pupil;

namespace OppAssistant.Core.Drafting;

/// <summary>
/// Optional AI help while a plan is written: four small uses, each a suggestion the teacher accepts, edits or
/// ignores. Off by default (<see cref="NoDraftingAssistant"/>); the project OppAssistant.Drafting.AI replaces it when
/// configured. The assistant never proposes an uitstroomperspectief, level, school type or placement: people decide.
/// </summary>
/// <remarks>
/// Every method is safe to await inside a turn: it has its own time limit, and a timeout, a refused or failed call
/// or an empty answer comes back as a result whose <see cref="DraftingResult.Succeeded"/> is false, never as an
/// exception, so the caller simply keeps its template draft. Only the caller's own cancellation throws
/// (<see cref="OperationCanceledException"/>). Text that is kept goes into the plan with
/// <see cref="TextOrigin.Ai"/>.
/// </remarks>
public interface IDraftingAssistant
{
    /// <summary>False when no AI is configured: every call then returns <see cref="DraftingOutcome.Disabled"/> at once.</summary>
    bool IsEnabled { get; }

    /// <summary>A teacher's rough note becomes one need statement in the hulpzin frame of its kind, tied to the goal.</summary>
    Task<DraftingResult> RephraseNeedAsync(RephraseNeedRequest request, CancellationToken cancellationToken = default);

    /// <summary>Up to three need statements for a goal, drawn from the plan's factors; <see cref="DraftingResult.Items"/> holds them.</summary>
    Task<DraftingResult> SuggestNeedsAsync(SuggestNeedsRequest request, CancellationToken cancellationToken = default);

    /// <summary>What still keeps a goal from being concrete, measurable and dated: hints only, one per item, no rewrite.</summary>
    Task<DraftingResult> SmartGoalHintsAsync(SmartGoalHintsRequest request, CancellationToken cancellationToken = default);

    /// <summary>A section of the plan rewritten in plain Dutch (B1) for the parents.</summary>
    Task<DraftingResult> PlainDutchForParentsAsync(PlainDutchRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether a pupil's answer suggests abuse, violence at home, self-harm or suicidal thoughts; a second look after
    /// the phrase list. On success <see cref="DraftingResult.Text"/> is exactly one id of <see cref="DisclosureCategories"/>
    /// or <see cref="DisclosureCategories.None"/>; any other answer is <see cref="DraftingOutcome.EmptyAnswer"/>.
    /// </summary>
    Task<DraftingResult> ClassifyDisclosureAsync(DisclosureRequest request, CancellationToken cancellationToken = default);
}

public enum DraftingUse
{
    RephraseNeed,
    SuggestNeeds,
    SmartGoalHints,
    PlainDutchForParents,
    ClassifyDisclosure,
}

/// <param name="Plan">The plan the need belongs to; its names are replaced by placeholders before anything is sent.</param>
/// <param name="Goal">The short-term goal the need serves.</param>
/// <param name="Kind">Which hulpzin frame to use.</param>
/// <param name="Category">Optional: what kind of help, e.g. "instructie", "feedback", "materialen", "een intern begeleider".</param>
/// <param name="Note">The teacher's own words.</param>
public sealed record RephraseNeedRequest(OppDocument Plan, ShortTermGoal Goal, NeedKind Kind, string? Category, string Note);

/// <param name="Kind">Which kind of needs to suggest.</param>
public sealed record SuggestNeedsRequest(OppDocument Plan, ShortTermGoal Goal, NeedKind Kind);

public sealed record SmartGoalHintsRequest(OppDocument Plan, ShortTermGoal Goal);

/// <param name="SectionTitle">The section's heading as the parents will see it, e.g. "Ondersteuning en aanpak".</param>
/// <param name="SectionText">The text to rewrite.</param>
public sealed record PlainDutchRequest(OppDocument Plan, string SectionTitle, string SectionText);

/// <param name="Text">The pupil's answer, as typed.</param>
/// <param name="Band">His age band, so the words are read as a child of that age writes.</param>
/// <param name="Names">Names that may stand in the text (the pupil's first name or pseudonym); replaced by placeholders before anything is sent.</param>
public sealed record DisclosureRequest(string Text, AgeBand Band, IReadOnlyList<string>? Names = null);

public enum DraftingOutcome
{
    /// <summary><see cref="DraftingResult.Text"/> holds the suggestion.</summary>
    Succeeded,

    /// <summary>No AI is configured.</summary>
    Disabled,

    /// <summary>The service did not answer within the configured time.</summary>
    TimedOut,

    /// <summary>The service refused the call for now (HTTP 429).</summary>
    RateLimited,

    /// <summary>The service failed or could not be reached; <see cref="DraftingResult.FailureReason"/> says how (never with text).</summary>
    ServiceError,

    /// <summary>The answer was empty, or nothing was left after the output guard removed what the assistant may not say.</summary>
    EmptyAnswer,
}

/// <summary>Tokens the call used, as the service reported them (0 when it reported nothing).</summary>
public readonly record struct DraftingUsage(long PromptTokens, long CompletionTokens)
{
    public long TotalTokens => PromptTokens + CompletionTokens;
}

/// <param name="Text">The suggestion, names restored; empty unless <see cref="Succeeded"/>.</param>
/// <param name="Items">The suggestion split into its lines without bullets (the needs of SuggestNeeds, the hints of SmartGoalHints).</param>
/// <param name="RemovedSentences">Sentences the output guard removed because they proposed a level or placement.</param>
/// <param name="FailureReason">For logs and support: a status code or error kind, never prompt or answer text.</param>
public sealed record DraftingResult(
    DraftingUse Use,
    DraftingOutcome Outcome,
    string Text,
    IReadOnlyList<string> Items,
    DraftingUsage Usage,
    TimeSpan Duration,
    int RemovedSentences = 0,
    string? FailureReason = null)
{
    public bool Succeeded => Outcome == DraftingOutcome.Succeeded;

    public static DraftingResult Failed(DraftingUse use, DraftingOutcome outcome, TimeSpan duration, DraftingUsage usage = default, string? reason = null, int removedSentences = 0) =>
        new(use, outcome, "", [], usage, duration, removedSentences, reason);
}

/// <summary>The default: no AI. Every call returns <see cref="DraftingOutcome.Disabled"/> at once.</summary>
public sealed class NoDraftingAssistant : IDraftingAssistant
{
    public bool IsEnabled => false;

    public Task<DraftingResult> RephraseNeedAsync(RephraseNeedRequest request, CancellationToken cancellationToken = default) => Disabled(DraftingUse.RephraseNeed);

    public Task<DraftingResult> SuggestNeedsAsync(SuggestNeedsRequest request, CancellationToken cancellationToken = default) => Disabled(DraftingUse.SuggestNeeds);

    public Task<DraftingResult> SmartGoalHintsAsync(SmartGoalHintsRequest request, CancellationToken cancellationToken = default) => Disabled(DraftingUse.SmartGoalHints);

    public Task<DraftingResult> PlainDutchForParentsAsync(PlainDutchRequest request, CancellationToken cancellationToken = default) => Disabled(DraftingUse.PlainDutchForParents);

    public Task<DraftingResult> ClassifyDisclosureAsync(DisclosureRequest request, CancellationToken cancellationToken = default) => Disabled(DraftingUse.ClassifyDisclosure);

    private static Task<DraftingResult> Disabled(DraftingUse use) =>
        Task.FromResult(DraftingResult.Failed(use, DraftingOutcome.Disabled, TimeSpan.Zero));
}
