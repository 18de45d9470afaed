using OppAssistant.Core.Teacher;
using OppAssistant.Core.Tests.Fakes;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Tests.Teacher;

/// <summary>A teacher's notices are hers alone and pending once: taking them marks them shown.</summary>
public sealed class TeacherNoticesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset At = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private readonly InMemoryDocumentStore store = new();

    private async Task<T> InTurnAsync<T>(Func<TurnDocuments, Task<T>> work)
    {
        var documents = new TurnDocuments(store);
        var result = await work(documents);
        await store.WriteAsync([.. documents.Writes], null, Ct);
        return result;
    }

    private Task AddAsync(string owner, string id, TeacherNoticeKind kind) => InTurnAsync(async d =>
    {
        await TeacherNotices.AddAsync(d, owner, new TeacherNotice(id, "opp-" + id, kind, At), Ct);
        return 0;
    });

    [Fact]
    public async Task Pending_notices_are_taken_once_oldest_first_and_only_by_their_owner()
    {
        await AddAsync("aad:teacher-1", "n1", TeacherNoticeKind.Returned);
        await AddAsync("aad:teacher-1", "n2", TeacherNoticeKind.Approved);
        await AddAsync("aad:teacher-2", "n3", TeacherNoticeKind.EvaluationDue);

        var first = await InTurnAsync(d => TeacherNotices.TakePendingAsync(d, "aad:teacher-1", Ct));
        var second = await InTurnAsync(d => TeacherNotices.TakePendingAsync(d, "aad:teacher-1", Ct));
        await AddAsync("aad:teacher-1", "n4", TeacherNoticeKind.EvaluationDue);
        var third = await InTurnAsync(d => TeacherNotices.TakePendingAsync(d, "aad:teacher-1", Ct));

        Assert.Equal(["n1", "n2"], first.Select(n => n.Id));
        Assert.Empty(second);
        Assert.Equal(["n4"], third.Select(n => n.Id));
        Assert.Equal(["n3"], (await InTurnAsync(d => TeacherNotices.TakePendingAsync(d, "aad:teacher-2", Ct))).Select(n => n.Id));
    }

    [Fact]
    public async Task Taking_notices_in_a_turn_that_is_not_stored_leaves_them_pending()
    {
        await AddAsync("aad:teacher-1", "n1", TeacherNoticeKind.Returned);

        // A turn that read them but was never stored (a conflict, a failure).
        _ = await TeacherNotices.TakePendingAsync(new TurnDocuments(store), "aad:teacher-1", Ct);

        Assert.Single(await InTurnAsync(d => TeacherNotices.TakePendingAsync(d, "aad:teacher-1", Ct)));
    }
}
