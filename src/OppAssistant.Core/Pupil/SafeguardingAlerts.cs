using System.Text.Json;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Pupil;

/// <summary>
/// A pupil's words suggested harm. Kept apart from the plan, with no more text than the designated person needs:
/// the category, the one sentence that matched, which plan and conversation, and whether it was delivered.
/// </summary>
public sealed record SafeguardingAlert(
    string Id,
    DateTimeOffset CreatedAt,
    DisclosureCategory Category,
    DisclosureDetection Detection,
    string Sentence,
    string ConversationKey)
{
    /// <summary>Null when the pupil had not yet typed a valid code.</summary>
    public string? OppId { get; init; }

    public AgeBand? Band { get; init; }

    /// <summary>The first name or pseudonym in the plan and the group, so the designated person knows whom to talk to.</summary>
    public string? PupilName { get; init; }

    public string? GroupOrYear { get; init; }

    /// <summary>The teacher who owns the plan (her user key), to be involved by the designated person.</summary>
    public string? TeacherKey { get; init; }

    public DateTimeOffset? NotifiedAt { get; init; }

    public int Delivered { get; init; }

    public int Failed { get; init; }
}

/// <summary>
/// Safeguarding alerts, one document each, and the list of all of them for the coordinator's view (collection
/// <see cref="Collection"/>, key <see cref="ListKey"/>), written in the same turn as the reply to the pupil.
/// </summary>
public static class SafeguardingAlerts
{
    public const string Collection = "safeguarding-alerts";

    /// <summary>The list of alert ids, newest first (<see cref="DocumentIndex"/>).</summary>
    public const string ListKey = DocumentIndex.Key;

    public static async Task RaiseAsync(TurnDocuments documents, SafeguardingAlert alert, CancellationToken cancellationToken)
    {
        documents.Put(Collection, alert.Id, JsonSerializer.SerializeToUtf8Bytes(alert, PupilJsonContext.Default.SafeguardingAlert));
        await DocumentIndex.PrependAsync(documents, Collection, alert.Id, cancellationToken).ConfigureAwait(false);
    }

    public static Task<IReadOnlyList<string>> ListAsync(TurnDocuments documents, CancellationToken cancellationToken) =>
        DocumentIndex.ReadAsync(documents, Collection, cancellationToken);

    public static async Task<SafeguardingAlert?> GetAsync(TurnDocuments documents, string id, CancellationToken cancellationToken) =>
        await documents.GetAsync(Collection, id, cancellationToken).ConfigureAwait(false) is { } body
            ? JsonSerializer.Deserialize(body.Span, PupilJsonContext.Default.SafeguardingAlert)
            : null;

    /// <summary>Records how the delivery to the designated persons went.</summary>
    public static async Task RecordDeliveryAsync(TurnDocuments documents, string id, SafeguardingDelivery delivery, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (await GetAsync(documents, id, cancellationToken).ConfigureAwait(false) is { } alert)
        {
            var updated = alert with { NotifiedAt = at, Delivered = delivery.Delivered, Failed = delivery.Failed };
            documents.Put(Collection, id, JsonSerializer.SerializeToUtf8Bytes(updated, PupilJsonContext.Default.SafeguardingAlert));
        }
    }
}
