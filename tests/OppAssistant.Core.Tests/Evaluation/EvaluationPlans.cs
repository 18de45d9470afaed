using OppAssistant.Core.Content;
using OppAssistant.Core.Lifecycle;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Tests.Drafting;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Tests.Evaluation;

/// <summary>Complete plans brought through the real lifecycle (<see cref="OppLifecycle"/>) and stored with their register entry.</summary>
internal static class EvaluationPlans
{
    private static readonly LifecycleTrigger[] ToAdopted =
        [LifecycleTrigger.SubmitForReview, LifecycleTrigger.Approve, LifecycleTrigger.RequestConsent, LifecycleTrigger.Adopt];

    /// <summary>The complete plan of Fenna (two goals), owned by <paramref name="owner"/>, taken through the steps up to <paramref name="state"/> at <paramref name="at"/>.</summary>
    public static OppDocument At(OppStatus state, string owner, DateTimeOffset at, DialogCatalog dialogs, string id = "opp-fenna")
    {
        var plan = DraftPlans.Complete();
        plan.Id = id;
        plan.OwnerKey = owner;
        plan.ResumeCode = "";
        var steps = state switch
        {
            OppStatus.Concept => 0,
            OppStatus.InReview => 1,
            OppStatus.Approved => 2,
            OppStatus.AwaitingConsent => 3,
            OppStatus.Adopted => 4,
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
        foreach (var trigger in ToAdopted.Take(steps))
        {
            var actor = trigger switch
            {
                LifecycleTrigger.Approve or LifecycleTrigger.Adopt => new LifecycleActor(LifecycleRole.Coordinator, "coordinator-1"),
                LifecycleTrigger.RequestConsent => new LifecycleActor(LifecycleRole.System, "system"),
                _ => new LifecycleActor(LifecycleRole.Teacher, owner),
            };
            Assert.True(OppLifecycle.Fire(plan, trigger, actor, null, at, dialogs).IsOk);
        }
        Assert.Equal(state, plan.Status);
        return plan;
    }

    /// <summary>Stores the plan, lists it for its owner and records it in the register, as the lifecycle would have.</summary>
    public static async Task StoreAsync(IDocumentStore store, OppRepository plans, OppDocument plan, DateTimeOffset now)
    {
        var documents = new TurnDocuments(store);
        await plans.SaveAsync(documents, plan, plan.OwnerKey, TestContext.Current.CancellationToken);
        if (plan.Status != OppStatus.Concept)
        {
            await PlanRegister.UpdateAsync(documents, plan, now, TestContext.Current.CancellationToken);
        }
        await store.WriteAsync([.. documents.Writes], null, TestContext.Current.CancellationToken);
    }
}
