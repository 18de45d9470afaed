using System.Text.Json;
using System.Text.Json.Serialization;
using OppAssistant.Core.Lifecycle;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Teacher;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Evaluation;

/// <summary>
/// Reminds teachers that an adopted plan's evaluation date has come (faq-brief §1.2: at least once a school year,
/// with the parents). Reads the <see cref="PlanRegister"/>, stages a <see cref="TeacherNotice"/> of kind
/// <see cref="TeacherNoticeKind.EvaluationDue"/> for the owner, and records per plan the evaluation date it reminded
/// of (collection <see cref="Collection"/>, one document <see cref="Key"/>: plan id → date), so each date is
/// reminded of once. Ids and dates only.
/// </summary>
public sealed class EvaluationReminders(OppRepository plans, TimeProvider time)
{
    public const string Collection = "evaluation-reminders";
    public const string Key = "all";

    /// <summary>
    /// Stages a notice for every adopted plan whose next evaluation is on or before <paramref name="today"/> and that
    /// was not yet reminded of for that date; returns the owners reminded (each once).
    /// </summary>
    public async Task<IReadOnlyList<string>> DueAsync(TurnDocuments documents, DateOnly today, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var reminded = await RemindedAsync(documents, cancellationToken).ConfigureAwait(false);
        var owners = new List<string>();
        var changed = false;
        foreach (var plan in await PlanRegister.WithStatusAsync(documents, OppStatus.Adopted, cancellationToken).ConfigureAwait(false))
        {
            if (plan.NextEvaluation is not { } due || due > today || string.IsNullOrWhiteSpace(plan.OwnerKey)
                || reminded.TryGetValue(plan.OppId, out var last) && last == due)
            {
                continue;
            }
            await TeacherNotices.AddAsync(documents, plan.OwnerKey, new TeacherNotice(plans.NewDocumentId(), plan.OppId, TeacherNoticeKind.EvaluationDue, now), cancellationToken).ConfigureAwait(false);
            reminded[plan.OppId] = due;
            changed = true;
            if (!owners.Contains(plan.OwnerKey, StringComparer.Ordinal))
            {
                owners.Add(plan.OwnerKey);
            }
        }
        if (changed)
        {
            documents.Put(Collection, Key, JsonSerializer.SerializeToUtf8Bytes(reminded, EvaluationReminderJsonContext.Default.DictionaryStringDateOnly));
        }
        return owners;
    }

    /// <summary>Per plan id, the evaluation date its owner was last reminded of.</summary>
    public static async Task<Dictionary<string, DateOnly>> RemindedAsync(TurnDocuments documents, CancellationToken cancellationToken) =>
        await documents.GetAsync(Collection, Key, cancellationToken).ConfigureAwait(false) is { } body
            ? JsonSerializer.Deserialize(body.Span, EvaluationReminderJsonContext.Default.DictionaryStringDateOnly)!
            : [];
}

[JsonSerializable(typeof(Dictionary<string, DateOnly>))]
internal sealed partial class EvaluationReminderJsonContext : JsonSerializerContext;
