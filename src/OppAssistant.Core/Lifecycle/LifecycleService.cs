using OppAssistant.Core.Content;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Lifecycle;

/// <summary>
/// Takes a lifecycle step on a stored plan within a turn: loads the plan, fires the step (<see cref="OppLifecycle"/>)
/// and, when it was taken, stages the plan with its audit trail in the turn's <see cref="TurnDocuments"/>. A refused
/// step stores nothing.
/// </summary>
public sealed class LifecycleService(OppRepository plans, DialogCatalog dialogs, TimeProvider time)
{
    public async Task<LifecycleResult> FireAsync(
        TurnDocuments documents, string oppId, LifecycleTrigger trigger, LifecycleActor actor, string? reason, CancellationToken cancellationToken)
    {
        if (await plans.GetAsync(documents, oppId, cancellationToken).ConfigureAwait(false) is not { } plan)
        {
            return new LifecycleResult.Refused([dialogs.Lifecycle.Text("not_found")]);
        }
        var result = OppLifecycle.Fire(plan, trigger, actor, reason, time.GetUtcNow(), dialogs);
        if (result.IsOk)
        {
            // The owner's "mijn OPP's" shows the status, so her list is the one brought up to date.
            if (string.IsNullOrWhiteSpace(plan.OwnerKey))
            {
                await plans.StoreAsync(documents, plan, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await plans.SaveAsync(documents, plan, plan.OwnerKey, cancellationToken).ConfigureAwait(false);
            }
            await PlanRegister.UpdateAsync(documents, plan, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        return result;
    }
}
