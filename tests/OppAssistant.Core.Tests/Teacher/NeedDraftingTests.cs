using OppAssistant.Core.Content;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Pupil;

namespace OppAssistant.Core.Tests.Teacher;

/// <summary>The needs step: categories, endings from the teacher or from suggestions, and accept, rewrite or drop.</summary>
public sealed class NeedDraftingTests
{
    private static NeedFrames Frames => TeacherConversation.Dialogs.Needs;

    private static string Text(string key) => TeacherConversation.Teacher.Text(key);

    [Fact]
    public void Suggestions_come_from_the_factors_and_otherwise_from_the_general_ones()
    {
        var fitting = Frames.Suggest(NeedKind.Educational, "instruction", ["Noor raakt de draad kwijt bij lange instructies."]);
        var general = Frames.Suggest(NeedKind.Educational, "environment", ["Noor tekent graag."]);

        Assert.Contains(fitting, s => s.Completion.StartsWith("kort is en in kleine stappen", StringComparison.Ordinal));
        Assert.NotEmpty(general);
        Assert.All(general, s => Assert.True(s.Always));
        Assert.All(Enum.GetValues<NeedKind>(), kind => Assert.NotEmpty(Frames.For(kind).Categories));
    }

    [Fact]
    public void A_need_is_composed_in_the_hulpzin_of_its_kind()
    {
        Assert.Equal(
            "Om het doel “Sam leest vlot AVI-E5” te behalen, heeft Sam thuis nodig: opdrachten die kort zijn.",
            Frames.Compose(NeedKind.Parenting, "assignments", "Sam leest vlot AVI-E5.", "Sam", "die kort zijn."));
        Assert.Contains("hulpzinnen onderwijsbehoeften", Frames.For(NeedKind.Educational).Frame, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<ArgumentException>(() => Frames.Compose(NeedKind.Educational, "no-such-category", "x", "Sam", "y"));
    }

    [Fact]
    public async Task A_need_can_be_rewritten_or_dropped_before_it_enters_the_plan()
    {
        var chat = await AtTheNeedsStepAsync();

        await chat.SayAsync("1");
        Assert.Contains("heeft Noor nodig: instructie die …", chat.LastText, StringComparison.Ordinal);
        Assert.Contains("kort is en in kleine stappen gaat, met eerst een voorbeeld", chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("die veel te lang is");
        await chat.SayAsync("anders");
        Assert.Contains("heeft Noor nodig: instructie die …", chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("met een voorbeeld begint");
        Assert.Contains("> Om het doel “Noor rekent vlot tot 100” te behalen, heeft Noor nodig: instructie die met een voorbeeld begint.", chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("ja");
        await chat.SayAsync("feedback");
        await chat.SayAsync("meteen komt");
        await chat.SayAsync("weglaten");
        Assert.Equal(Text("need_dropped"), chat.Last[0].Text);

        var needs = (await chat.PlanAsync()).ActionPart.Needs;
        Assert.Equal("instructie die met een voorbeeld begint", Assert.Single(needs).Text.Split(": ")[1].TrimEnd('.'));
    }

    [Fact]
    public async Task A_wrong_choice_or_a_stale_button_gets_a_clear_answer()
    {
        var chat = await AtTheNeedsStepAsync();

        await chat.SayAsync("iets met dinosaurussen");
        Assert.Equal(Text("need_unknown_category"), chat.Last[0].Text);
        await chat.SubmitAsync(("action", "needReview"), ("value", "accept"));
        Assert.Equal(Text("wrong_card"), chat.Last[0].Text);
        await chat.SayAsync("instructie");
        await chat.SayAsync(new string('x', 501));
        Assert.Equal(TeacherConversation.Teacher.Text("too_long", ("max", "500")), chat.Last[0].Text);
        await chat.SayAsync("met een voorbeeld begint");
        await chat.SayAsync("misschien");
        Assert.Equal(Text("need_review_not_understood"), chat.Last[0].Text);
        Assert.Empty((await chat.PlanAsync()).ActionPart.Needs);
    }

    [Fact]
    public async Task Skipping_every_kind_moves_on_to_the_support_question()
    {
        var chat = await AtTheNeedsStepAsync();

        foreach (var _ in Enumerable.Range(0, 3))
        {
            await chat.SayAsync("klaar");
        }
        await chat.SayAsync("sla over");

        Assert.Equal(Text("need_done"), chat.Last[0].Text);
        Assert.Contains(TeacherConversation.Teacher.Question("action_support").Ask, chat.LastText, StringComparison.Ordinal);
        Assert.Null((await chat.PlanAsync()).Draft.Needs);
    }

    [Fact]
    public async Task A_need_is_changed_from_the_summary_by_typing_it_over()
    {
        var chat = await AtTheNeedsStepAsync();
        foreach (var answer in new[] { "instructie", "kort is", "ja", "klaar", "klaar", "klaar", "klaar" })
        {
            await chat.SayAsync(answer);
        }

        await chat.SayAsync("aanpassen");
        var number = chat.LastText.Split('\n').First(l => l.Contains("Behoefte:", StringComparison.Ordinal)).Split("**")[1].TrimEnd('.');
        await chat.SayAsync(number);
        Assert.StartsWith("Nu staat er: _Om het doel", chat.Last[0].Text, StringComparison.Ordinal);
        await chat.SayAsync("Noor heeft uitleg nodig met blokjes.");

        var need = Assert.Single((await chat.PlanAsync()).ActionPart.Needs);
        Assert.Equal(("Noor heeft uitleg nodig met blokjes.", TextOrigin.Person), (need.Text, need.Source.Origin));
    }

    [Fact]
    public async Task With_AI_on_the_suggestions_follow_as_their_own_message_and_a_picked_one_is_marked_as_AI()
    {
        var ai = new FakeDrafting(["Noor heeft instructie nodig die kort is.", "Noor heeft een stappenkaart nodig."]);
        var chat = await AtTheNeedsStepAsync(ai);

        await chat.SayAsync("instructie");
        Assert.Equal(Text("ai_writing"), chat.Last[0].Text);
        Assert.Contains(Text("need_complete").Split('{')[0].Split('\n')[0], chat.LastText, StringComparison.Ordinal);
        Assert.Equal(0, ai.Calls);

        var followUp = await chat.RunFollowUpAsync();
        Assert.Equal(1, ai.Calls);
        Assert.Equal((NeedKind.Educational, "Noor rekent vlot tot 100."), (ai.LastKind, ai.LastGoal));
        Assert.Contains(Text("ai_suggestions"), chat.LastText, StringComparison.Ordinal);
        Assert.Contains("Noor heeft een stappenkaart nodig.", chat.LastText, StringComparison.Ordinal);
        Assert.Single(followUp);

        await chat.SubmitAsync(("action", "needSuggestion"), ("source", "ai"), ("index", "1"));
        await chat.SayAsync("ja");
        var need = Assert.Single((await chat.PlanAsync()).ActionPart.Needs);
        Assert.Equal(("Noor heeft een stappenkaart nodig.", TextOrigin.Ai, "instruction"), (need.Text, need.Source.Origin, need.Category));
    }

    [Fact]
    public async Task With_AI_on_a_finished_goal_gets_hints_as_their_own_message_and_the_goal_is_left_as_written()
    {
        var ai = new FakeDrafting(["Noem een datum.", "Maak het meetbaar."]);
        var chat = new TeacherConversation(drafting: ai);
        await chat.StartNewPlanAsync();
        foreach (var answer in new[]
        {
            "Noor", "po", "groep 6", "Extra hulp bij rekenen.", "ja", "Noor tekent graag.", "nee", "Lange instructies.", "nee", "Rustige plek.", "nee",
            "Onrustige groep.", "nee", "Zus leest voor.", "nee", "nee", "ja", "Instructies zijn lang.", "nee", "ja",
            "havo", "regulier", "Gemotiveerd.", "leren", "Noor wordt beter in rekenen.", "8 van de 10 goed.", "Toets elke twee weken.",
        })
        {
            await chat.SayAsync(answer);
        }
        Assert.Empty(chat.LastFollowUps);

        await chat.SayAsync("15-03-2027");
        await chat.RunFollowUpAsync();

        Assert.StartsWith(TeacherConversation.Teacher.Text("ai_goal_hints", ("goal", "Doel 1")), Assert.Single(chat.Last).Text, StringComparison.Ordinal);
        Assert.Contains("- Maak het meetbaar.", chat.LastText, StringComparison.Ordinal);
        Assert.Equal("Noor wordt beter in rekenen.", (await chat.PlanAsync()).Goals[0].Description!.Text);
    }

    [Fact]
    public async Task With_AI_on_her_own_words_can_be_rewritten_into_the_frame_by_the_AI()
    {
        var ai = new FakeDrafting(["Om het doel te halen, heeft Noor instructie nodig die kort is en met een voorbeeld begint."]);
        var chat = await AtTheNeedsStepAsync(ai);
        await chat.SayAsync("instructie");
        await chat.SayAsync("korte uitleg met voorbeeld");
        Assert.Contains(Text("need_ai_rephrase"), chat.LastText, StringComparison.Ordinal);

        await chat.SubmitAsync(("action", "needReview"), ("value", "rephrase"));
        Assert.Equal(Text("ai_writing"), chat.Last[0].Text);
        await chat.RunFollowUpAsync();
        Assert.Contains("heeft Noor instructie nodig die kort is en met een voorbeeld begint.", chat.LastText, StringComparison.Ordinal);
        await chat.SubmitAsync(("action", "needSuggestion"), ("source", "ai"), ("index", "0"));
        await chat.SayAsync("goed zo");

        var need = Assert.Single((await chat.PlanAsync()).ActionPart.Needs);
        Assert.Equal((TextOrigin.Ai, "instruction"), (need.Source.Origin, need.Category));
    }

    [Fact]
    public async Task The_handelingsdeel_in_plain_Dutch_for_parents_comes_from_the_AI_and_without_it_the_teacher_is_told()
    {
        var ai = new FakeDrafting(["Noor krijgt vier keer per week een kwartier extra uitleg bij rekenen."]);
        var chat = await AtTheNeedsStepAsync(ai);
        foreach (var answer in new[] { "klaar", "klaar", "klaar", "klaar", "Extra rekeninstructie vier keer per week.", "de leerkracht", "oefent", "dagelijks", "kort", "nee" })
        {
            await chat.SayAsync(answer);
        }

        await chat.SayAsync("concept voor ouders");
        Assert.Equal(Text("ai_writing"), chat.Last[0].Text);
        Assert.True(chat.Last[0].Placeholder);
        await chat.RunFollowUpAsync();
        Assert.Equal(Text("parents_version") + "\n\nNoor krijgt vier keer per week een kwartier extra uitleg bij rekenen. [AI]", Assert.Single(chat.Last).Text);

        var without = await AtTheNeedsStepAsync();
        await without.SayAsync("concept voor ouders");
        Assert.Equal(Text("parents_version_no_ai"), without.Last[0].Text);
        Assert.Empty(without.LastFollowUps);
    }

    [Fact]
    public async Task A_failed_or_late_AI_answer_leaves_the_template_draft_to_the_teacher()
    {
        var ai = new FakeDrafting([]);
        var chat = await AtTheNeedsStepAsync(ai);
        await chat.SayAsync("instructie");

        await chat.RunFollowUpAsync(fail: true);
        Assert.Equal(Text("ai_failed"), Assert.Single(chat.Last).Text);

        await chat.SayAsync("kort is");
        await chat.SayAsync("ja");
        Assert.Equal(TextOrigin.Person, Assert.Single((await chat.PlanAsync()).ActionPart.Needs).Completion!.Source.Origin);

        // Suggestions that come after she moved on are not shown.
        await chat.SayAsync("feedback");
        foreach (var _ in Enumerable.Range(0, 4))
        {
            await chat.SayAsync("klaar");
        }
        Assert.Contains(TeacherConversation.Teacher.Question("action_support").Ask, chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suggestions_for_a_sentence_she_already_finished_are_not_shown()
    {
        var chat = await AtTheNeedsStepAsync(new FakeDrafting(["Noor heeft feedback nodig."]));
        await chat.SayAsync("feedback");
        var late = chat.LastFollowUps;
        await chat.SayAsync("direct komt");

        var payload = new Dictionary<string, object?> { ["followUp"] = late[0].Name, ["ok"] = true, ["result"] = await late[0].Work(TestContext.Current.CancellationToken) };
        var replies = await chat.SendFollowUpAsync(System.Text.Json.JsonSerializer.SerializeToElement(payload));

        Assert.Empty(replies);
    }

    private sealed class FakeDrafting(IReadOnlyList<string> items) : OppAssistant.Core.Drafting.IDraftingAssistant
    {
        public int Calls { get; private set; }

        public NeedKind LastKind { get; private set; }

        public string? LastGoal { get; private set; }

        public bool IsEnabled => true;

        public Task<OppAssistant.Core.Drafting.DraftingResult> SuggestNeedsAsync(OppAssistant.Core.Drafting.SuggestNeedsRequest request, CancellationToken cancellationToken = default)
        {
            Calls++;
            (LastKind, LastGoal) = (request.Kind, request.Goal.Description?.Text);
            return Task.FromResult(Result(OppAssistant.Core.Drafting.DraftingUse.SuggestNeeds));
        }

        public Task<OppAssistant.Core.Drafting.DraftingResult> RephraseNeedAsync(OppAssistant.Core.Drafting.RephraseNeedRequest request, CancellationToken cancellationToken = default) =>
            Task.FromResult(Result(OppAssistant.Core.Drafting.DraftingUse.RephraseNeed));

        public Task<OppAssistant.Core.Drafting.DraftingResult> SmartGoalHintsAsync(OppAssistant.Core.Drafting.SmartGoalHintsRequest request, CancellationToken cancellationToken = default) =>
            Task.FromResult(Result(OppAssistant.Core.Drafting.DraftingUse.SmartGoalHints));

        public Task<OppAssistant.Core.Drafting.DraftingResult> PlainDutchForParentsAsync(OppAssistant.Core.Drafting.PlainDutchRequest request, CancellationToken cancellationToken = default) =>
            Task.FromResult(Result(OppAssistant.Core.Drafting.DraftingUse.PlainDutchForParents));

        public Task<OppAssistant.Core.Drafting.DraftingResult> ClassifyDisclosureAsync(OppAssistant.Core.Drafting.DisclosureRequest request, CancellationToken cancellationToken = default) =>
            Task.FromResult(new OppAssistant.Core.Drafting.DraftingResult(
                OppAssistant.Core.Drafting.DraftingUse.ClassifyDisclosure, OppAssistant.Core.Drafting.DraftingOutcome.Succeeded, DisclosureCategories.None, [DisclosureCategories.None], new(10, 1), TimeSpan.Zero));

        private OppAssistant.Core.Drafting.DraftingResult Result(OppAssistant.Core.Drafting.DraftingUse use) =>
            items.Count == 0
                ? OppAssistant.Core.Drafting.DraftingResult.Failed(use, OppAssistant.Core.Drafting.DraftingOutcome.ServiceError, TimeSpan.Zero)
                : new OppAssistant.Core.Drafting.DraftingResult(use, OppAssistant.Core.Drafting.DraftingOutcome.Succeeded, string.Join("\n", items), items, new(10, 20), TimeSpan.Zero);
    }

    private static async Task<TeacherConversation> AtTheNeedsStepAsync(OppAssistant.Core.Drafting.IDraftingAssistant? drafting = null)
    {
        var chat = new TeacherConversation(drafting: drafting);
        await chat.StartNewPlanAsync();
        foreach (var answer in new[]
        {
            "Noor", "po", "groep 6", "Extra hulp bij rekenen.", "ja",
            "Noor tekent graag.", "nee", "Noor raakt de draad kwijt bij lange instructies.", "nee", "Rustige plek.", "nee",
            "Onrustige groep.", "nee", "Zus leest voor.", "nee", "nee", "ja",
            "Lange instructies maken het moeilijk.", "nee", "ja",
            "havo", "regulier", "Gemotiveerd.", "leren", "Noor rekent vlot tot 100.", "8 van de 10 goed.", "Toets elke twee weken.", "15-03-2027", "nee",
        })
        {
            await chat.SayAsync(answer);
        }
        Assert.Contains(TeacherConversation.Teacher.Question("needs").Ask.Split('\n')[0], chat.LastText, StringComparison.Ordinal);
        return chat;
    }
}
