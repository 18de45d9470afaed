using System.Text.Json;
using System.Text.Json.Serialization;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Review;

/// <summary>A coordinator's comment on one section of the draft (the text is the coordinator's own; shown to the teacher).</summary>
public sealed record ReviewComment(string Id, DraftSectionKind Section, string Text, string ByKey, DateTimeOffset At);

public enum ReviewDecisionKind
{
    Returned,
    Approved,
}

/// <summary>How a review round ended: returned (with the reason) or approved, by whom (user key) and when.</summary>
public sealed record ReviewDecision(ReviewDecisionKind Kind, string ByKey, DateTimeOffset At, string? Reason);

/// <summary>
/// One submission of the plan for review: the plan as it was offered (<see cref="Snapshot"/>, so the next round can
/// show what changed), the comments per section, and the decision once taken.
/// </summary>
public sealed class ReviewRound
{
    public int Number { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public string SubmittedBy { get; set; } = "";

    public OppDocument Snapshot { get; set; } = new();

    public List<ReviewComment> Comments { get; set; } = [];

    public ReviewDecision? Decision { get; set; }
}

/// <summary>Every review round of one plan, oldest first (collection <see cref="ReviewRecords.Collection"/>, key the plan id).</summary>
public sealed class ReviewRecord
{
    public string OppId { get; set; } = "";

    public List<ReviewRound> Rounds { get; set; } = [];

    /// <summary>The round under review now, or the last one.</summary>
    [JsonIgnore]
    public ReviewRound? Current => Rounds.Count > 0 ? Rounds[^1] : null;

    /// <summary>The last round before the current one that got a decision: the last reviewed version.</summary>
    [JsonIgnore]
    public ReviewRound? LastReviewed => Rounds.Take(Math.Max(0, Rounds.Count - 1)).LastOrDefault(r => r.Decision is not null);
}

public static class ReviewRecords
{
    public const string Collection = "opp-reviews";

    public static async Task<ReviewRecord> GetAsync(TurnDocuments documents, string oppId, CancellationToken cancellationToken) =>
        await documents.GetAsync(Collection, oppId, cancellationToken).ConfigureAwait(false) is { } body
            ? JsonSerializer.Deserialize(body.Span, ReviewJsonContext.Default.ReviewRecord)!
            : new ReviewRecord { OppId = oppId };

    public static void Put(TurnDocuments documents, ReviewRecord record) =>
        documents.Put(Collection, record.OppId, JsonSerializer.SerializeToUtf8Bytes(record, ReviewJsonContext.Default.ReviewRecord));

    /// <summary>A deep copy of the plan's content as it is now, for a round's snapshot: without the resume code (a bearer secret) or the conversation's progress.</summary>
    public static OppDocument Snapshot(OppDocument plan)
    {
        var copy = JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(plan, ReviewJsonContext.Default.OppDocument), ReviewJsonContext.Default.OppDocument)!;
        copy.ResumeCode = "";
        copy.Draft = new DraftProgress();
        return copy;
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ReviewRecord))]
[JsonSerializable(typeof(OppDocument))]
internal sealed partial class ReviewJsonContext : JsonSerializerContext;
