using Microsoft.Extensions.Time.Testing;
using OppAssistant.Core.Content;
using OppAssistant.Core.Lifecycle;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Tests.Drafting;
using OppAssistant.Core.Tests.Fakes;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Tests.Lifecycle;

/// <summary>A lifecycle step on a stored plan: stored with its audit trail when taken, nothing stored when refused.</summary>
public sealed class LifecycleServiceTests
{
    private static readonly DialogCatalog Dialogs = DialogCatalog.Load(Repo.DialogsDirectory);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly InMemoryDocumentStore store = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly LifecycleActor teacher = new(LifecycleRole.Teacher, "teacher-1");
    private readonly LifecycleActor coordinator = new(LifecycleRole.Coordinator, "coordinator-1");

    private OppRepository Plans => new(time, new RandomSource());

    private LifecycleService Service => new(Plans, Dialogs, time);

    private async Task<T> InTurnAsync<T>(Func<TurnDocuments, Task<T>> work)
    {
        var documents = new TurnDocuments(store);
        var result = await work(documents);
        await store.WriteAsync([.. documents.Writes], null, Ct);
        return result;
    }

    private Task<OppDocument> StoreCompleteAsync() => InTurnAsync(async documents =>
    {
        var plan = DraftPlans.Complete();
        plan.OwnerKey = "teacher-1";
        await Plans.SaveAsync(documents, plan, plan.OwnerKey, Ct);
        return plan;
    });

    [Fact]
    public async Task A_step_is_stored_with_its_audit_trail_and_the_owner_sees_the_new_status()
    {
        var plan = await StoreCompleteAsync();

        await InTurnAsync(documents => Service.FireAsync(documents, plan.Id, LifecycleTrigger.SubmitForReview, teacher, null, Ct));
        time.Advance(TimeSpan.FromDays(2));
        var returned = await InTurnAsync(documents => Service.FireAsync(documents, plan.Id, LifecycleTrigger.Return, coordinator, "Maak doel 2 meetbaar.", Ct));

        Assert.True(returned.IsOk);
        var stored = await InTurnAsync(documents => Plans.GetAsync(documents, plan.Id, Ct));
        Assert.NotNull(stored);
        Assert.Equal(OppStatus.Returned, stored.Status);
        Assert.Equal(
            [
                new LifecycleTransition(OppStatus.Concept, OppStatus.InReview, LifecycleTrigger.SubmitForReview, LifecycleRole.Teacher, "teacher-1", time.GetUtcNow().AddDays(-2)),
                new LifecycleTransition(OppStatus.InReview, OppStatus.Returned, LifecycleTrigger.Return, LifecycleRole.Coordinator, "coordinator-1", time.GetUtcNow(), "Maak doel 2 meetbaar."),
            ],
            stored.Lifecycle.History);
        var mine = await InTurnAsync(documents => Plans.ListAsync(documents, "teacher-1", Ct));
        Assert.Equal(OppStatus.Returned, Assert.Single(mine).Status);
        Assert.Empty(await InTurnAsync(documents => Plans.ListAsync(documents, "coordinator-1", Ct)));
    }

    [Fact]
    public async Task A_refused_step_stores_nothing()
    {
        var plan = await StoreCompleteAsync();
        var writes = store.Writes;

        var documents = new TurnDocuments(store);
        var result = await Service.FireAsync(documents, plan.Id, LifecycleTrigger.Adopt, coordinator, null, Ct);

        Assert.Equal(["Het OPP staat op “Concept”. Dan kan “vaststellen” niet."], Assert.IsType<LifecycleResult.Refused>(result).Reasons);
        Assert.Empty(documents.Writes);
        Assert.Equal(writes, store.Writes);
    }

    [Fact]
    public async Task An_unknown_plan_is_refused_in_Dutch()
    {
        var result = await InTurnAsync(documents => Service.FireAsync(documents, "no-such-plan", LifecycleTrigger.Approve, coordinator, null, Ct));

        Assert.Equal([Dialogs.Lifecycle.Text("not_found")], Assert.IsType<LifecycleResult.Refused>(result).Reasons);
    }

    [Fact]
    public async Task A_plan_stored_before_the_lifecycle_existed_loads_as_a_concept_with_an_empty_trail()
    {
        var old = """{"schemaVersion":1,"id":"opp-old","ownerKey":"teacher-1","status":"Concept","pupil":{"name":"Sam"}}"""u8.ToArray();
        await store.WriteAsync([new Storage.DocumentWrite(OppRepository.Collection, "opp-old", old, 0)], null, Ct);

        var plan = await InTurnAsync(documents => Plans.GetAsync(documents, "opp-old", Ct));

        Assert.NotNull(plan);
        Assert.Equal(OppStatus.Concept, plan.Status);
        Assert.Empty(plan.Lifecycle.History);
    }
}
