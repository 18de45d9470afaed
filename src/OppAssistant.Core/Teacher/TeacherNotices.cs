using System.Text.Json;
using System.Text.Json.Serialization;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Teacher;

public enum TeacherNoticeKind
{
    /// <summary>The coordinator sent the plan back; the reason and comments are in the review record.</summary>
    Returned,

    /// <summary>The coordinator approved the plan; the parents are asked for consent next.</summary>
    Approved,

    /// <summary>The plan's evaluation date has come (faq-brief §1.2: at least once a school year).</summary>
    EvaluationDue,
}

/// <summary>Something the teacher is told about one of her plans: which plan, what and when. No text of the plan.</summary>
public sealed record TeacherNotice(string Id, string OppId, TeacherNoticeKind Kind, DateTimeOffset At);

/// <summary>
/// What waits for a teacher, one list per owner key (collection <see cref="Collection"/>): added by the review and the
/// evaluation reminder, shown by the teacher's flow on her next turn (or a proactive one, <see cref="IProactiveTurns"/>)
/// and taken off the list in the same turn.
/// </summary>
public static class TeacherNotices
{
    public const string Collection = "teacher-notices";

    /// <summary>The follow-up name of a proactive turn that shows pending notices.</summary>
    public const string FollowUpName = "teacher-notices";

    public static async Task<IReadOnlyList<TeacherNotice>> ListAsync(TurnDocuments documents, string ownerKey, CancellationToken cancellationToken) =>
        await documents.GetAsync(Collection, ownerKey, cancellationToken).ConfigureAwait(false) is { } body
            ? JsonSerializer.Deserialize(body.Span, TeacherNoticeJsonContext.Default.ListTeacherNotice)!
            : [];

    public static async Task AddAsync(TurnDocuments documents, string ownerKey, TeacherNotice notice, CancellationToken cancellationToken)
    {
        var list = await ListAsync(documents, ownerKey, cancellationToken).ConfigureAwait(false);
        Write(documents, ownerKey, [.. list.TakeLast(MaxKept - 1), notice]);
    }

    /// <summary>The notices waiting for her, oldest first; they are taken off the list in this turn, so each is shown once.</summary>
    public static async Task<IReadOnlyList<TeacherNotice>> TakePendingAsync(TurnDocuments documents, string ownerKey, CancellationToken cancellationToken)
    {
        var pending = await ListAsync(documents, ownerKey, cancellationToken).ConfigureAwait(false);
        if (pending.Count > 0)
        {
            Write(documents, ownerKey, []);
        }
        return pending;
    }

    /// <summary>Bounded: a teacher away for long gets the newest notices, not an endless backlog.</summary>
    private const int MaxKept = 50;

    private static void Write(TurnDocuments documents, string ownerKey, List<TeacherNotice> list) =>
        documents.Put(Collection, ownerKey, JsonSerializer.SerializeToUtf8Bytes(list, TeacherNoticeJsonContext.Default.ListTeacherNotice));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(List<TeacherNotice>))]
internal sealed partial class TeacherNoticeJsonContext : JsonSerializerContext;
