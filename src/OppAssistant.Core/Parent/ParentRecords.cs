using System.Text.Json;
using System.Text.Json.Serialization;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Parent;

/// <summary>One consent event in the audit trail: no reasons text (that is in the plan), only who, what, when and where.</summary>
public sealed record ConsentAuditEntry(
    string OppId, string ParentId, string? Label, bool HasCustody, ConsentDecision Decision, DateTimeOffset At, string Channel, string ConversationId);

/// <summary>
/// The append-only audit trail of consent decisions, one list per plan (collection <see cref="Collection"/>, key the
/// plan id): a changed decision is a new entry, never an overwrite. Written in the same turn as the plan.
/// </summary>
public static class ConsentAudit
{
    public const string Collection = "consent-audit";

    public static async Task AppendAsync(TurnDocuments documents, ConsentAuditEntry entry, CancellationToken cancellationToken)
    {
        var list = await ListAsync(documents, entry.OppId, cancellationToken).ConfigureAwait(false);
        documents.Put(Collection, entry.OppId, JsonSerializer.SerializeToUtf8Bytes([.. list, entry], ParentJsonContext.Default.ListConsentAuditEntry));
    }

    public static async Task<IReadOnlyList<ConsentAuditEntry>> ListAsync(TurnDocuments documents, string oppId, CancellationToken cancellationToken) =>
        await documents.GetAsync(Collection, oppId, cancellationToken).ConfigureAwait(false) is { } body
            ? JsonSerializer.Deserialize(body.Span, ParentJsonContext.Default.ListConsentAuditEntry)!
            : [];
}

public enum CoordinatorNoticeKind
{
    /// <summary>A parent with gezag said niet akkoord on the handelingsdeel; the reasons are in the plan.</summary>
    ParentNotAgreed,
}

/// <summary>Something the coordinator (IB'er) must look at: which plan, what kind, when. No text of the plan.</summary>
public sealed record CoordinatorNotice(string Id, string OppId, CoordinatorNoticeKind Kind, DateTimeOffset At);

/// <summary>
/// The coordinator's notices, one document each, and the list of their ids newest first (collection
/// <see cref="Collection"/>, key <see cref="ListKey"/>), for the coordinator's queue.
/// </summary>
public static class CoordinatorNotices
{
    public const string Collection = "coordinator-notices";

    /// <summary>The list of notice ids, newest first (<see cref="DocumentIndex"/>).</summary>
    public const string ListKey = DocumentIndex.Key;

    public static async Task AddAsync(TurnDocuments documents, CoordinatorNotice notice, CancellationToken cancellationToken)
    {
        documents.Put(Collection, notice.Id, JsonSerializer.SerializeToUtf8Bytes(notice, ParentJsonContext.Default.CoordinatorNotice));
        await DocumentIndex.PrependAsync(documents, Collection, notice.Id, cancellationToken).ConfigureAwait(false);
    }

    public static Task<IReadOnlyList<string>> ListAsync(TurnDocuments documents, CancellationToken cancellationToken) =>
        DocumentIndex.ReadAsync(documents, Collection, cancellationToken);

    public static async Task<CoordinatorNotice?> GetAsync(TurnDocuments documents, string id, CancellationToken cancellationToken) =>
        await documents.GetAsync(Collection, id, cancellationToken).ConfigureAwait(false) is { } body
            ? JsonSerializer.Deserialize(body.Span, ParentJsonContext.Default.CoordinatorNotice)
            : null;
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ParentInvitation))]
[JsonSerializable(typeof(List<ConsentAuditEntry>))]
[JsonSerializable(typeof(CoordinatorNotice))]
internal sealed partial class ParentJsonContext : JsonSerializerContext;
