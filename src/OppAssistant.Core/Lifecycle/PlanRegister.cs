using System.Text.Json;
using System.Text.Json.Serialization;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Lifecycle;

/// <summary>A plan that has left the concept stage: where it stands, since when, whose it is and when it is evaluated next.</summary>
public sealed record RegisteredPlan(string OppId, string OwnerKey, OppStatus Status, DateTimeOffset Since, DateOnly? NextEvaluation);

/// <summary>
/// Every plan that ever took a lifecycle step, one document (collection <see cref="Collection"/>, key
/// <see cref="Key"/>): the coordinator's queue reads the plans in review from it, the evaluation reminder the adopted
/// plans whose evaluation date has come. <see cref="LifecycleService"/> keeps it up to date in the same turn as the plan.
/// No text of the plan, only ids, status and dates.
/// </summary>
public static class PlanRegister
{
    public const string Collection = "opp-register";
    public const string Key = "all";

    public static async Task<IReadOnlyList<RegisteredPlan>> ListAsync(TurnDocuments documents, CancellationToken cancellationToken) =>
        await documents.GetAsync(Collection, Key, cancellationToken).ConfigureAwait(false) is { } body
            ? JsonSerializer.Deserialize(body.Span, PlanRegisterJsonContext.Default.ListRegisteredPlan)!
            : [];

    /// <summary>The plans with status <paramref name="status"/>, longest waiting first.</summary>
    public static async Task<IReadOnlyList<RegisteredPlan>> WithStatusAsync(TurnDocuments documents, OppStatus status, CancellationToken cancellationToken) =>
        (await ListAsync(documents, cancellationToken).ConfigureAwait(false)).Where(p => p.Status == status).OrderBy(p => p.Since).ToList();

    /// <summary>
    /// The first evaluation moment from <paramref name="since"/> (the plan's last step) on; else the latest one (already
    /// past: the evaluation is due); null without moments. The register and the teacher's flow use the same date.
    /// </summary>
    public static DateOnly? NextEvaluation(OppDocument plan, DateTimeOffset since) =>
        plan.EvaluationMoments.Where(d => d >= DateOnly.FromDateTime(since.UtcDateTime)).Order().Cast<DateOnly?>().FirstOrDefault()
            ?? plan.EvaluationMoments.Order().Cast<DateOnly?>().LastOrDefault();

    /// <summary>Records where <paramref name="plan"/> stands now (after a step, or when its evaluation moments changed).</summary>
    public static async Task UpdateAsync(TurnDocuments documents, OppDocument plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var list = (await ListAsync(documents, cancellationToken).ConfigureAwait(false)).ToList();
        var index = list.FindIndex(p => p.OppId == plan.Id);
        var since = plan.Lifecycle.History.Count > 0 ? plan.Lifecycle.History[^1].At : now;
        var entry = new RegisteredPlan(plan.Id, plan.OwnerKey, plan.Status, since, NextEvaluation(plan, since));
        if (index >= 0)
        {
            list[index] = entry;
        }
        else
        {
            list.Add(entry);
        }
        documents.Put(Collection, Key, JsonSerializer.SerializeToUtf8Bytes(list, PlanRegisterJsonContext.Default.ListRegisteredPlan));
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(List<RegisteredPlan>))]
internal sealed partial class PlanRegisterJsonContext : JsonSerializerContext;
