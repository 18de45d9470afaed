using Microsoft.Extensions.Time.Testing;
using OppAssistant.Core.Content;
using OppAssistant.Core.Evaluation;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Teacher;
using OppAssistant.Core.Tests.Fakes;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Tests.Evaluation;

/// <summary>The reminder of due evaluations: once per plan and date, only for adopted plans whose date has come.</summary>
public sealed class EvaluationRemindersTests
{
    private static readonly DialogCatalog Dialogs = DialogCatalog.Load(Repo.DialogsDirectory);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Adoption day; Fenna's plan is evaluated first on 29 January 2027.</summary>
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryDocumentStore store = new();

    private OppRepository Plans => new(time, new RandomSource());

    private EvaluationReminders Reminders => new(Plans, time);

    private Task<IReadOnlyList<string>> DueAsync(DateOnly today) =>
        new DocumentTransaction(store).RunAsync((documents, ct) => Reminders.DueAsync(documents, today, ct), Ct);

    private Task<IReadOnlyList<TeacherNotice>> NoticesAsync(string owner) =>
        TeacherNotices.ListAsync(new TurnDocuments(store), owner, Ct);

    private async Task StoreAsync(OppStatus status, string owner, string id)
    {
        var plan = EvaluationPlans.At(status, owner, time.GetUtcNow(), Dialogs, id);
        await EvaluationPlans.StoreAsync(store, Plans, plan, time.GetUtcNow());
    }

    [Fact]
    public async Task An_adopted_plan_whose_date_has_come_is_reminded_of_once_and_others_not_at_all()
    {
        await StoreAsync(OppStatus.Adopted, "teacher-noor", "opp-due");
        await StoreAsync(OppStatus.AwaitingConsent, "teacher-sam", "opp-waiting");
        await StoreAsync(OppStatus.Approved, "teacher-sam", "opp-approved");

        // Before the date: nothing.
        Assert.Empty(await DueAsync(new DateOnly(2027, 1, 28)));
        Assert.Empty(await NoticesAsync("teacher-noor"));

        // On the date: a notice for the owner of the adopted plan only.
        Assert.Equal(["teacher-noor"], await DueAsync(new DateOnly(2027, 1, 29)));
        var notice = Assert.Single(await NoticesAsync("teacher-noor"));
        Assert.Equal(("opp-due", TeacherNoticeKind.EvaluationDue), (notice.OppId, notice.Kind));
        Assert.Empty(await NoticesAsync("teacher-sam"));

        // Later runs, the same day or after: not again for the same date.
        Assert.Empty(await DueAsync(new DateOnly(2027, 1, 29)));
        Assert.Empty(await DueAsync(new DateOnly(2027, 3, 1)));
        Assert.Single(await NoticesAsync("teacher-noor"));
        var reminded = await EvaluationReminders.RemindedAsync(new TurnDocuments(store), Ct);
        Assert.Equal(new Dictionary<string, DateOnly> { ["opp-due"] = new(2027, 1, 29) }, reminded);
    }

    [Fact]
    public async Task An_owner_with_two_due_plans_is_returned_once_with_a_notice_per_plan()
    {
        await StoreAsync(OppStatus.Adopted, "teacher-noor", "opp-1");
        await StoreAsync(OppStatus.Adopted, "teacher-noor", "opp-2");

        Assert.Equal(["teacher-noor"], await DueAsync(new DateOnly(2027, 2, 1)));

        Assert.Equal(["opp-1", "opp-2"], (await NoticesAsync("teacher-noor")).Select(n => n.OppId).Order());
    }
}
