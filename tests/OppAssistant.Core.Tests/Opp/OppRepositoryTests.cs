using Microsoft.Extensions.Time.Testing;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Tests.Fakes;

namespace OppAssistant.Core.Tests.Opp;

public sealed class OppRepositoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly InMemoryDocumentStore store = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    private OppRepository Repository => new(store, time);

    [Fact]
    public async Task A_plan_with_every_part_comes_back_as_it_was_saved()
    {
        var opp = CompletePlan("Sam", "teacher-1");

        var version = await Repository.SaveAsync(opp, 0, Ct);
        var (loaded, loadedVersion) = (await Repository.GetAsync(opp.Id, Ct))!.Value;

        Assert.Equal((1L, 1L), (version, loadedVersion));
        Assert.Equal(time.GetUtcNow(), loaded.CreatedAt);
        Assert.Equal(opp.Pupil.Name, loaded.Pupil.Name);
        Assert.Equal(SchoolType.Po, loaded.Pupil.SchoolType);
        Assert.Equal(opp.Factors, loaded.Factors);
        Assert.Equal(opp.Insight.Analysis, loaded.Insight.Analysis);
        Assert.Equal(["vmbo-t", "havo"], loaded.Perspective.Levels);
        Assert.Equal(FollowOnEducation.Regular, loaded.Perspective.FollowOn);
        Assert.Equal(opp.Goals, loaded.Goals);
        Assert.Equal(opp.ActionPart.Needs, loaded.ActionPart.Needs);
        Assert.Equal(opp.ActionPart.Agreements, loaded.ActionPart.Agreements);
        Assert.Equal(opp.EvaluationMoments, loaded.EvaluationMoments);
        Assert.Null(loaded.PupilVoice);
        Assert.Null(loaded.Parents);
    }

    [Fact]
    public async Task A_saved_plan_is_listed_for_its_owner_only_newest_first()
    {
        var first = CompletePlan("Sam", "teacher-1");
        await Repository.SaveAsync(first, 0, Ct);
        time.Advance(TimeSpan.FromDays(1));
        var second = CompletePlan("Noor", "teacher-1");
        await Repository.SaveAsync(second, 0, Ct);
        await Repository.SaveAsync(CompletePlan("Daan", "teacher-2"), 0, Ct);

        var mine = await Repository.ListForOwnerAsync("teacher-1", Ct);

        Assert.Equal(["Noor", "Sam"], mine.Select(s => s.PupilName));
        Assert.Equal([second.Id, first.Id], mine.Select(s => s.Id));
        Assert.Empty(await Repository.ListForOwnerAsync("teacher-3", Ct));
    }

    [Fact]
    public async Task Saving_again_updates_the_plan_and_its_line_in_the_list()
    {
        var opp = CompletePlan("Sam", "teacher-1");
        await Repository.SaveAsync(opp, 0, Ct);
        time.Advance(TimeSpan.FromDays(3));
        opp.Pupil.Name = "Sammie";

        var version = await Repository.SaveAsync(opp, 1, Ct);

        Assert.Equal(2, version);
        var line = Assert.Single(await Repository.ListForOwnerAsync("teacher-1", Ct));
        Assert.Equal(("Sammie", time.GetUtcNow()), (line.PupilName, line.UpdatedAt));
        Assert.NotEqual(opp.CreatedAt, opp.UpdatedAt);
    }

    [Fact]
    public async Task A_save_over_a_newer_version_is_refused_and_changes_nothing()
    {
        var opp = CompletePlan("Sam", "teacher-1");
        await Repository.SaveAsync(opp, 0, Ct);
        await Repository.SaveAsync(opp, 1, Ct);
        opp.Pupil.Name = "Stale";

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Repository.SaveAsync(opp, 1, Ct));

        Assert.Equal("Sam", (await Repository.GetAsync(opp.Id, Ct))!.Value.Opp.Pupil.Name);
        Assert.Equal("Sam", Assert.Single(await Repository.ListForOwnerAsync("teacher-1", Ct)).PupilName);
    }

    [Fact]
    public async Task Plans_of_one_owner_saved_at_the_same_moment_are_all_listed()
    {
        var plans = Enumerable.Range(0, 8).Select(i => CompletePlan("Kind" + i, "teacher-1")).ToList();

        await Task.WhenAll(plans.Select(p => Task.Run(() => Repository.SaveAsync(p, 0, Ct), Ct)));

        Assert.Equal(plans.Select(p => p.Id).Order(), (await Repository.ListForOwnerAsync("teacher-1", Ct)).Select(s => s.Id).Order());
    }

    private OppDocument CompletePlan(string pupil, string owner)
    {
        var by = new Provenance(Role.Teacher, "question", time.GetUtcNow(), TextOrigin.Person);
        var observed = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return new OppDocument
        {
            Id = OppRepository.NewId(),
            OwnerKey = owner,
            Pupil = new PupilProfile { Name = pupil, GroupOrYear = "groep 6", SchoolType = SchoolType.Po, Reason = "extra ondersteuning bij lezen" },
            Factors =
            [
                new Factor("f1", Circle.Pupil, Influence.Supporting, "leest graag voor aan jongere kinderen", observed, by),
                new Factor("f2", Circle.School, Influence.Hindering, "veel wisselingen van leerkracht dit jaar", observed, by),
                new Factor("f3", Circle.Home, Influence.Supporting, "ouders lezen elke avond samen", observed, by),
            ],
            Insight = new InsightPart { Analysis = new TextEntry("de wisselingen maken instructie onrustig", by) },
            Perspective = new OutflowPerspective { Levels = ["vmbo-t", "havo"], FollowOn = FollowOnEducation.Regular, Rationale = new TextEntry("sterk in begrip", by) },
            Goals = [new ShortTermGoal("g1", GoalDomain.Learning, "leest AVI E6", "haalt AVI E6 bij de toets", "toets in januari", observed.AddMonths(3), by)],
            ActionPart = new ActionPart
            {
                Needs = [new Need("n1", NeedKind.Educational, "g1", "instructie die in kleine stappen gaat", by)],
                Agreements = [new Agreement("a1", "leerkracht", "verlengde instructie", "dagelijks", "in een kleine groep", by)],
            },
            EvaluationMoments = [observed.AddMonths(6)],
        };
    }
}
