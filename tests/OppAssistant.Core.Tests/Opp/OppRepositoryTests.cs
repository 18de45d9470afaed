using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Tests.Fakes;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Tests.Opp;

public sealed class OppRepositoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly InMemoryDocumentStore store = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    private OppRepository Repository => new(time, new RandomSource());

    [Fact]
    public async Task A_plan_with_every_part_comes_back_as_it_was_saved()
    {
        var opp = await InTurnAsync((repository, documents) => CreateCompleteAsync(repository, documents, "Sam", "teacher-1"));

        var loaded = await InTurnAsync((repository, documents) => repository.GetAsync(documents, opp.Id, Ct));

        Assert.NotNull(loaded);
        Assert.Equal(JsonSerializer.Serialize(opp), JsonSerializer.Serialize(loaded));
        Assert.Equal(time.GetUtcNow(), loaded.CreatedAt);
        Assert.Equal(["vmbo_gl_tl", "havo"], loaded.Perspective.Levels);
        Assert.True(loaded.Goals[0].IsComplete);
        Assert.Equal("verlengde instructie", loaded.ActionPart.Agreements[0].What!.Text);
        Assert.Null(loaded.PupilVoice);
        Assert.Null(loaded.Parents);
    }

    [Fact]
    public async Task Nothing_is_stored_until_the_turn_writes_its_documents()
    {
        var documents = new TurnDocuments(store);
        var opp = await Repository.CreateAsync(documents, "teacher-1", Ct);

        Assert.Equal(0, store.Writes);
        Assert.NotNull(await Repository.GetAsync(documents, opp.Id, Ct));
        await store.WriteAsync([.. documents.Writes], null, Ct);
        Assert.Equal(3, store.Writes);
    }

    [Fact]
    public async Task A_saved_plan_is_listed_for_the_user_who_worked_on_it_newest_first()
    {
        var first = await InTurnAsync((repository, documents) => CreateCompleteAsync(repository, documents, "Sam", "teacher-1"));
        time.Advance(TimeSpan.FromDays(1));
        var second = await InTurnAsync((repository, documents) => CreateCompleteAsync(repository, documents, "Noor", "teacher-1"));
        await InTurnAsync((repository, documents) => CreateCompleteAsync(repository, documents, "Daan", "teacher-2"));

        var mine = await InTurnAsync((repository, documents) => repository.ListAsync(documents, "teacher-1", Ct));

        Assert.Equal(["Noor", "Sam"], mine.Select(s => s.PupilName));
        Assert.Equal([second.Id, first.Id], mine.Select(s => s.Id));
        Assert.Empty(await InTurnAsync((repository, documents) => repository.ListAsync(documents, "teacher-3", Ct)));
    }

    [Fact]
    public async Task The_plan_worked_on_last_moves_to_the_top_and_answers_in_a_row_leave_the_list_alone()
    {
        var sam = await InTurnAsync((repository, documents) => CreateCompleteAsync(repository, documents, "Sam", "teacher-1"));
        time.Advance(TimeSpan.FromMinutes(5));
        await InTurnAsync((repository, documents) => CreateCompleteAsync(repository, documents, "Noor", "teacher-1"));
        time.Advance(TimeSpan.FromMinutes(5));

        var writes = await InTurnAsync(async (repository, documents) =>
        {
            await repository.SaveAsync(documents, (await repository.GetAsync(documents, sam.Id, Ct))!, "teacher-1", Ct);
            return documents.Writes.Count();
        });
        var again = await InTurnAsync(async (repository, documents) =>
        {
            await repository.SaveAsync(documents, (await repository.GetAsync(documents, sam.Id, Ct))!, "teacher-1", Ct);
            return documents.Writes.Count();
        });

        Assert.Equal(["Sam", "Noor"], (await InTurnAsync((repository, documents) => repository.ListAsync(documents, "teacher-1", Ct))).Select(s => s.PupilName));
        Assert.Equal((2, 1), (writes, again));
    }

    [Fact]
    public async Task A_resume_code_opens_its_plan_however_it_is_typed()
    {
        var opp = await InTurnAsync((repository, documents) => CreateCompleteAsync(repository, documents, "Sam", "teacher-1"));
        var shown = OppRepository.FormatCode(opp.ResumeCode);

        Assert.Matches("^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$", shown);
        foreach (var typed in new[] { shown, shown.ToLowerInvariant(), shown.Replace("-", " ", StringComparison.Ordinal), opp.ResumeCode })
        {
            var found = await InTurnAsync((repository, documents) => repository.FindByCodeAsync(documents, typed, Ct));
            Assert.Equal(opp.Id, found?.Id);
        }
        Assert.Null(await InTurnAsync((repository, documents) => repository.FindByCodeAsync(documents, "22222-22222", Ct)));
        Assert.Null(OppRepository.NormalizeCode("leerlingen"));
    }

    [Fact]
    public async Task A_turn_that_read_a_plan_before_another_turn_saved_it_fails_whole()
    {
        var opp = await InTurnAsync((repository, documents) => CreateCompleteAsync(repository, documents, "Sam", "teacher-1"));
        var stale = new TurnDocuments(store);
        var staleCopy = (await Repository.GetAsync(stale, opp.Id, Ct))!;
        await InTurnAsync(async (repository, documents) =>
        {
            var fresh = (await repository.GetAsync(documents, opp.Id, Ct))!;
            fresh.Pupil.Name = "Sammie";
            await repository.SaveAsync(documents, fresh, "teacher-1", Ct);
            return fresh;
        });
        staleCopy.Pupil.Name = "Stale";
        await Repository.SaveAsync(stale, staleCopy, "teacher-1", Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.WriteAsync([.. stale.Writes], null, Ct));

        var stored = await InTurnAsync((repository, documents) => repository.GetAsync(documents, opp.Id, Ct));
        Assert.Equal("Sammie", stored!.Pupil.Name);
        Assert.Equal("Sammie", Assert.Single(await InTurnAsync((repository, documents) => repository.ListAsync(documents, "teacher-1", Ct))).PupilName);
    }

    /// <summary>Runs <paramref name="work"/> as one turn would: staged, then written in one transaction.</summary>
    private async Task<T> InTurnAsync<T>(Func<OppRepository, TurnDocuments, Task<T>> work)
    {
        var documents = new TurnDocuments(store);
        var result = await work(Repository, documents);
        if (documents.Writes.Any())
        {
            await store.WriteAsync([.. documents.Writes], null, Ct);
        }
        return result;
    }

    private async Task<OppDocument> CreateCompleteAsync(OppRepository repository, TurnDocuments documents, string pupil, string owner)
    {
        var opp = await repository.CreateAsync(documents, owner, Ct);
        var by = new Provenance(Role.Teacher, "question", time.GetUtcNow(), TextOrigin.Person);
        var observed = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        TextEntry Text(string text) => new(text, by);
        opp.Pupil = new PupilProfile { Name = pupil, GroupOrYear = "groep 6", SchoolType = SchoolType.Po, Reason = "extra ondersteuning bij lezen" };
        opp.Factors =
        [
            new Factor("f1", Circle.Pupil, Influence.Supporting, "leest graag voor aan jongere kinderen", observed, by),
            new Factor("f2", Circle.School, Influence.Hindering, "veel wisselingen van leerkracht dit jaar", observed, by),
        ];
        opp.Insight = new InsightPart { Analysis = Text("de wisselingen maken instructie onrustig") };
        opp.Perspective = new OutflowPerspective { Levels = ["vmbo_gl_tl", "havo"], FollowOn = FollowOnEducation.Regular, Rationale = Text("sterk in begrip") };
        opp.Goals =
        [
            new ShortTermGoal
            {
                Id = "g1", Domain = GoalDomain.Learning, Description = Text("leest AVI E6"), SuccessCriterion = Text("haalt AVI E6 bij de toets"),
                Monitoring = Text("toets in januari"), EvaluateOn = observed.AddMonths(3),
            },
        ];
        opp.ActionPart = new ActionPart
        {
            Needs = [new Need("n1", NeedKind.Educational, "g1", "instructie die in kleine stappen gaat", by)],
            Agreements = [new Agreement { Id = "a1", Who = Text("leerkracht"), What = Text("verlengde instructie"), When = Text("dagelijks"), How = Text("in een kleine groep") }],
        };
        opp.EvaluationMoments = [observed.AddMonths(6)];
        await repository.SaveAsync(documents, opp, owner, Ct);
        return opp;
    }
}
