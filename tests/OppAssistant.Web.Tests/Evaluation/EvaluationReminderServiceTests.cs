using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OppAssistant.Core.Evaluation;
using OppAssistant.Core.Lifecycle;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Teacher;
using OppAssistant.Core.Turns;
using OppAssistant.Storage.Sqlite;
using OppAssistant.Web.Evaluation;

namespace OppAssistant.Web.Tests.Evaluation;

/// <summary>The hosted evaluation reminder: stores the notices, then nudges each owner through the channel, once per date.</summary>
public sealed class EvaluationReminderServiceTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string directory = Path.Combine(Path.GetTempPath(), "oppassistant-evaluation-" + Guid.NewGuid().ToString("n"));
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2027, 2, 1, 7, 0, 0, TimeSpan.Zero));
    private readonly SqliteStore store;
    private readonly FakeProactiveTurns proactive = new();

    public EvaluationReminderServiceTests()
    {
        store = new SqliteStore(Path.Combine(directory, "opp.db"), time);
    }

    private EvaluationReminderService Service(TimeSpan? interval = null) => new(
        new DocumentTransaction(store),
        new EvaluationReminders(new OppRepository(time, new RandomSource()), time),
        proactive,
        Options.Create(new EvaluationOptions { CheckInterval = interval ?? TimeSpan.FromHours(6) }),
        time,
        NullLogger<EvaluationReminderService>.Instance);

    /// <summary>An adopted plan in the register, with its first evaluation on <paramref name="evaluateOn"/>. The lifecycle itself is tested in Core.</summary>
    private async Task RegisterAdoptedAsync(string id, string owner, DateOnly evaluateOn)
    {
        var plan = new OppDocument { Id = id, OwnerKey = owner, EvaluationMoments = [evaluateOn] };
        plan.Lifecycle.State = OppStatus.Adopted;
        await new DocumentTransaction(store).RunAsync(async (documents, ct) =>
        {
            await PlanRegister.UpdateAsync(documents, plan, new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), ct);
            return true;
        }, Ct);
    }

    [Fact]
    public async Task A_run_stores_a_notice_and_nudges_the_owner_once_per_date()
    {
        await RegisterAdoptedAsync("opp-1", "aad:teacher-noor", new DateOnly(2027, 1, 29));
        await RegisterAdoptedAsync("opp-2", "aad:teacher-sam", new DateOnly(2027, 6, 25));

        Assert.Equal(1, await Service().RunOnceAsync(Ct));
        time.Advance(TimeSpan.FromHours(6));
        Assert.Equal(0, await Service().RunOnceAsync(Ct));

        Assert.Equal([("aad:teacher-noor", TeacherNotices.FollowUpName)], proactive.Nudges);
        var notice = Assert.Single(await TeacherNotices.ListAsync(new TurnDocuments(store), "aad:teacher-noor", Ct));
        Assert.Equal(("opp-1", TeacherNoticeKind.EvaluationDue), (notice.OppId, notice.Kind));
        Assert.Empty(await TeacherNotices.ListAsync(new TurnDocuments(store), "aad:teacher-sam", Ct));
    }

    [Fact]
    public async Task A_failing_nudge_does_not_stop_the_others_and_the_notice_stays_stored()
    {
        await RegisterAdoptedAsync("opp-1", "aad:teacher-noor", new DateOnly(2027, 1, 29));
        await RegisterAdoptedAsync("opp-2", "aad:teacher-sam", new DateOnly(2027, 1, 30));
        proactive.FailFor = "aad:teacher-noor";

        Assert.Equal(2, await Service().RunOnceAsync(Ct));

        Assert.Equal(["aad:teacher-sam"], proactive.Nudges.Select(n => n.UserKey));
        Assert.Single(await TeacherNotices.ListAsync(new TurnDocuments(store), "aad:teacher-noor", Ct));
    }

    [Fact]
    public async Task The_service_runs_on_start_and_then_every_interval()
    {
        await RegisterAdoptedAsync("opp-1", "aad:teacher-noor", new DateOnly(2027, 1, 29));
        using var service = Service(TimeSpan.FromHours(6));

        await service.StartAsync(Ct);
        await proactive.WaitForAsync(1);
        await RegisterAdoptedAsync("opp-2", "aad:teacher-sam", new DateOnly(2027, 1, 30));
        time.Advance(TimeSpan.FromHours(6));
        await proactive.WaitForAsync(2);
        await service.StopAsync(Ct);

        Assert.Equal(["aad:teacher-noor", "aad:teacher-sam"], proactive.Nudges.Select(n => n.UserKey));
    }

    public void Dispose()
    {
        store.Dispose();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed class FakeProactiveTurns : IProactiveTurns
    {
        private readonly ConcurrentQueue<(string UserKey, string FollowUp)> nudges = new();

        public string? FailFor { get; set; }

        public IReadOnlyList<(string UserKey, string FollowUp)> Nudges => [.. nudges];

        public Task<bool> NudgeAsync(string userKey, string followUpName, CancellationToken cancellationToken)
        {
            if (userKey == FailFor)
            {
                throw new HttpRequestException("The channel could not be reached.");
            }
            nudges.Enqueue((userKey, followUpName));
            return Task.FromResult(true);
        }

        public async Task WaitForAsync(int count)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            while (nudges.Count < count)
            {
                await Task.Delay(10, timeout.Token);
            }
        }
    }
}
