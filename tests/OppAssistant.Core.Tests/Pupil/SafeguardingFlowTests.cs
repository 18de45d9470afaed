using System.Text.Json;
using System.Text.RegularExpressions;
using OppAssistant.Core.Content;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Pupil;
using OppAssistant.Core.Tests.Teacher;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Tests.Pupil;

/// <summary>With AI configured, an answer the phrase list let through gets a second look after the turn.</summary>
public sealed partial class SafeguardingFlowTests
{
    private static readonly PupilBandDialog Dialog = TeacherConversation.Dialogs.Pupil.Band(AgeBand.Groep6To8);

    [Fact]
    public async Task A_hit_of_the_classifier_stops_the_questionnaire_takes_the_answer_out_of_the_plan_and_stores_an_alert()
    {
        var classifier = new FakeClassifier(DisclosureCategories.Id(DisclosureCategory.HomeViolence));
        var (teacher, pupil) = await AtAnOpenQuestionAsync(classifier);

        await pupil.SayAsync("Thuis is het niet fijn, er is veel geschreeuw.");
        Assert.DoesNotContain("0800-0432", pupil.LastText, StringComparison.Ordinal);
        await pupil.RunFollowUpAsync();

        Assert.Equal(TeacherConversation.Dialogs.Safeguarding.Reply(AgeBand.Groep6To8), Assert.Single(pupil.Last).Text);
        Assert.Equal(["Sem"], classifier.Last!.Names);
        Assert.Equal(AgeBand.Groep6To8, classifier.Last.Band);
        var plan = await teacher.PlanAsync();
        Assert.Equal(PupilConversationEnd.Interrupted, plan.PupilVoice!.Conversations[0].End);
        Assert.DoesNotContain("geschreeuw", JsonSerializer.Serialize(plan), StringComparison.Ordinal);
        var documents = new TurnDocuments(teacher.Store);
        var id = Assert.Single(await SafeguardingAlerts.ListAsync(documents, TestContext.Current.CancellationToken));
        var alert = (await SafeguardingAlerts.GetAsync(documents, id, TestContext.Current.CancellationToken))!;
        Assert.Equal((DisclosureCategory.HomeViolence, DisclosureDetection.Ai, "Sem"), (alert.Category, alert.Detection, alert.PupilName));
        Assert.Equal(PupilStep.SafetyStop, (await pupil.StateAsync()).Pupil!.Step);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("abuse, maybe")]
    public async Task None_or_an_odd_answer_leaves_the_answer_in_the_plan(string answer)
    {
        var classifier = new FakeClassifier(answer);
        var (teacher, pupil) = await AtAnOpenQuestionAsync(classifier);

        await pupil.SayAsync("Ik vind tekenen leuk.");
        await pupil.RunFollowUpAsync();

        Assert.Empty(pupil.Last);
        Assert.Contains("Ik vind tekenen leuk.", JsonSerializer.Serialize(await teacher.PlanAsync()), StringComparison.Ordinal);
        Assert.Empty(await SafeguardingAlerts.ListAsync(new TurnDocuments(teacher.Store), TestContext.Current.CancellationToken));
    }

    private static async Task<(TeacherConversation Teacher, TeacherConversation Pupil)> AtAnOpenQuestionAsync(IDraftingAssistant drafting)
    {
        var teacher = new TeacherConversation(conversation: "teacher-1");
        await teacher.StartNewPlanAsync();
        await teacher.SayAsync("Sem");
        await teacher.SayAsync("po");
        await teacher.SayAsync("groep 6");
        await teacher.SayAsync("leerling uitnodigen");
        var code = CodePattern().Match(teacher.LastText).Groups[1].Value;
        var pupil = new TeacherConversation(teacher.Store, teacher.Time, channel: "directline", conversation: "pupil-1", user: "directline:pupil-1", drafting: drafting);
        await pupil.OpenAsync();
        await pupil.SayAsync(code);
        await pupil.SayAsync(Dialog.Company[0].Label);
        var open = Dialog.Questions.First(q => q.Options.Count == 0);
        while (!pupil.LastText.Contains(open.Text, StringComparison.Ordinal))
        {
            var current = Dialog.Questions.First(q => pupil.LastText.Contains(q.Text, StringComparison.Ordinal));
            await pupil.SubmitAsync(("action", PupilFlow.AnswerAction), ("question", current.Id), ("value", current.Options[0].Id));
        }
        return (teacher, pupil);
    }

    [GeneratedRegex(@"\*\*([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})\*\*")]
    private static partial Regex CodePattern();

    /// <summary>Answers every classification with the same text, as the AI project would pass it on.</summary>
    private sealed class FakeClassifier(string answer) : IDraftingAssistant
    {
        public DisclosureRequest? Last { get; private set; }

        public bool IsEnabled => true;

        public Task<DraftingResult> ClassifyDisclosureAsync(DisclosureRequest request, CancellationToken cancellationToken = default)
        {
            Last = request;
            return Task.FromResult(new DraftingResult(DraftingUse.ClassifyDisclosure, DraftingOutcome.Succeeded, answer, [answer], new(100, 1), TimeSpan.Zero));
        }

        public Task<DraftingResult> RephraseNeedAsync(RephraseNeedRequest request, CancellationToken cancellationToken = default) => Disabled(DraftingUse.RephraseNeed);

        public Task<DraftingResult> SuggestNeedsAsync(SuggestNeedsRequest request, CancellationToken cancellationToken = default) => Disabled(DraftingUse.SuggestNeeds);

        public Task<DraftingResult> SmartGoalHintsAsync(SmartGoalHintsRequest request, CancellationToken cancellationToken = default) => Disabled(DraftingUse.SmartGoalHints);

        public Task<DraftingResult> PlainDutchForParentsAsync(PlainDutchRequest request, CancellationToken cancellationToken = default) => Disabled(DraftingUse.PlainDutchForParents);

        private static Task<DraftingResult> Disabled(DraftingUse use) => Task.FromResult(DraftingResult.Failed(use, DraftingOutcome.Disabled, TimeSpan.Zero));
    }
}
