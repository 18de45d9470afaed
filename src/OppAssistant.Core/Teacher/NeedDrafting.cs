using System.Globalization;
using OppAssistant.Core.Cards;
using System.Text.Json;
using System.Text.Json.Serialization;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Turns;
using Stateless;
using Stateless.Graph;

namespace OppAssistant.Core.Teacher;

/// <summary>
/// The needs step of the teacher's flow: for each goal and each of the four kinds of need, the teacher picks a
/// category of the hulpzin, finishes the sentence (in her own words or with a suggestion drawn from her factors),
/// and accepts, rewrites or drops the composed need. One Stateless machine over <see cref="NeedDraft"/>, which
/// lives in the plan. No network: the sentence is composed from the frame in prompts/hulpzinnen.yaml.
/// </summary>
internal sealed class NeedDrafting
{
    public const string CategoryAction = "needCategory";
    public const string NextAction = "needNext";
    public const string SuggestionAction = "needSuggestion";
    public const string ReviewAction = "needReview";

    /// <summary>The follow-up that brings the AI's suggestions for the category just chosen.</summary>
    public const string AiFollowUp = "needSuggestions";
    private const string AiSource = "ai";
    /// <summary>Longer than the AI's own time limit (AiDrafting:TimeoutSeconds, at most 120 s), which answers first.</summary>
    private static readonly TimeSpan AiWait = TimeSpan.FromMinutes(3);

    private enum Trigger
    {
        Category,
        Complete,
        Accept,
        Rewrite,
        Drop,
        Next,
        Suggested,
    }

    private readonly OppDocument plan;
    private readonly NeedDraft draft;
    private readonly TeacherDialog dialog;
    private readonly NeedFrames frames;
    private readonly DateTimeOffset now;
    private readonly Action<BotReply> say;
    private readonly StateMachine<NeedStage, Trigger> machine;
    private readonly StateMachine<NeedStage, Trigger>.TriggerWithParameters<string> category;
    private readonly StateMachine<NeedStage, Trigger>.TriggerWithParameters<(string Text, TextOrigin Origin)> complete;
    private readonly StateMachine<NeedStage, Trigger>.TriggerWithParameters<string> suggested;
    private readonly IDraftingAssistant drafting;
    private readonly Action<FollowUp> after;
    private readonly Func<string, IEnumerable<string>> hintsFor;

    public NeedDrafting(OppDocument plan, TeacherDialog dialog, NeedFrames frames, DateTimeOffset now, Action<BotReply> say,
        IDraftingAssistant? drafting = null, Action<FollowUp>? after = null, Func<string, IEnumerable<string>>? hintsFor = null)
    {
        this.hintsFor = hintsFor ?? (_ => []);
        this.drafting = drafting ?? new NoDraftingAssistant();
        this.after = after ?? (_ => { });
        this.plan = plan;
        draft = plan.Draft.Needs ??= new NeedDraft();
        this.dialog = dialog;
        this.frames = frames;
        this.now = now;
        this.say = say;
        machine = new StateMachine<NeedStage, Trigger>(() => draft.Stage, stage => draft.Stage = stage);
        category = machine.SetTriggerParameters<string>(Trigger.Category);
        complete = machine.SetTriggerParameters<(string, TextOrigin)>(Trigger.Complete);
        suggested = machine.SetTriggerParameters<string>(Trigger.Suggested);
        Configure();
    }

    /// <summary>True when every goal has been through every kind; the flow then moves on.</summary>
    public bool Done => draft.Stage == NeedStage.Done || plan.Goals.Count == 0;

    /// <summary>The machine as a Mermaid diagram, for the README.</summary>
    public static string ToMermaid(TeacherDialog dialog, NeedFrames frames) =>
        MermaidGraph.Format(new NeedDrafting(new OppDocument(), dialog, frames, DateTimeOffset.UnixEpoch, _ => { }).machine.GetInfo());

    /// <summary>One answer of the teacher in this step; <paramref name="question"/> is the step's own question (its length limit).</summary>
    public void Answer(TurnInput input, QuestionDialog question)
    {
        var card = CardData.Of(input.Value);
        var text = card is null ? input.Text?.Trim() : null;
        switch (draft.Stage)
        {
            case NeedStage.ChoosingCategory:
                if (card?.Action == NextAction || TextMatcher.IsExactly(text, dialog.NoAnswers))
                {
                    machine.Fire(Trigger.Next);
                }
                else if (CategoryOf(card, text) is { } key)
                {
                    machine.Fire(category, key);
                }
                else
                {
                    Say(dialog.Text(card is not null && card.Action != CategoryAction ? "wrong_card" : "need_unknown_category"));
                }
                break;
            case NeedStage.Completing:
                if (card?.Action == SuggestionAction && card.Get("source") == AiSource)
                {
                    if (draft.AiSuggestions.ElementAtOrDefault(ParseIndex(card.Get("index"))) is { } statement)
                    {
                        machine.Fire(suggested, statement);
                    }
                    else
                    {
                        Say(dialog.Text("wrong_card"));
                    }
                }
                else if (card?.Action == SuggestionAction && Suggestions().ElementAtOrDefault(ParseIndex(card.Get("index"))) is { } suggestion)
                {
                    machine.Fire(complete, (suggestion.Completion, TextOrigin.Template));
                }
                else if (card is not null)
                {
                    Say(dialog.Text("wrong_card"));
                }
                else if (TextMatcher.IsExactly(text, dialog.NoAnswers))
                {
                    machine.Fire(Trigger.Next);
                }
                else
                {
                    var parsed = AnswerParser.Parse(question, text, null);
                    if (parsed.Accepted)
                    {
                        machine.Fire(complete, (parsed.Values[0], TextOrigin.Person));
                    }
                    else
                    {
                        Say(dialog.Text(parsed.RefusalKey!, parsed.Placeholders?.Select(p => (p.Key, p.Value)).ToArray() ?? []));
                    }
                }
                break;
            case NeedStage.Reviewing:
                // The buttons' own labels work typed as well.
                var choice = card?.Action == ReviewAction ? card.Get(AnswerParser.ValueKey) : null;
                if (choice == "accept" || TextMatcher.IsExactly(text, [.. dialog.YesAnswers, dialog.Text("need_accept")]))
                {
                    machine.Fire(Trigger.Accept);
                }
                else if (choice == "rewrite" || dialog.IsCommand(text, "need_rewrite") || TextMatcher.IsExactly(text, [dialog.Text("need_rewrite")]))
                {
                    machine.Fire(Trigger.Rewrite);
                }
                else if (drafting.IsEnabled && draft.Pending?.Completion is { } note
                    && (choice == "rephrase" || TextMatcher.IsExactly(text, [dialog.Text("need_ai_rephrase")])))
                {
                    // Her own words, rewritten by the AI into the frame: back to finishing the sentence, the AI's version follows.
                    machine.Fire(Trigger.Rewrite);
                    AskAi(AiFollowUp, (request, cancellationToken) => drafting.RephraseNeedAsync(
                        new RephraseNeedRequest(request.Plan, request.Goal, request.Kind, frames.For(draft.Kind).Category(draft.Category!)?.Lead, note.Text),
                        cancellationToken), single: true);
                }
                else if (choice == "drop" || dialog.IsCommand(text, "need_drop") || TextMatcher.IsExactly(text, [dialog.Text("need_drop")]))
                {
                    machine.Fire(Trigger.Drop);
                }
                else
                {
                    Say(dialog.Text(card is not null ? "wrong_card" : "need_review_not_understood"));
                }
                break;
        }
    }

    /// <summary>
    /// The AI's suggestions arrived (a follow-up turn). Shown only while the teacher is still finishing the same
    /// sentence; otherwise they are of no use any more and nothing is said.
    /// </summary>
    public void ReceiveSuggestions(JsonElement payload)
    {
        if (draft.Stage != NeedStage.Completing)
        {
            return;
        }
        List<string> items = [];
        if (payload.GetProperty("ok").GetBoolean() && payload.GetProperty("result").Deserialize(NeedDraftingJsonContext.Default.AiNeedSuggestions) is { } result)
        {
            if (result.Goal != draft.Goal || result.Kind != draft.Kind.ToString() || result.Category != draft.Category)
            {
                return;
            }
            items = result.Items.Where(i => !string.IsNullOrWhiteSpace(i)).ToList();
        }
        if (items.Count == 0)
        {
            Say(dialog.Text("ai_failed"));
            return;
        }
        draft.AiSuggestions = items;
        var card = new AdaptiveCardBuilder().AddText(dialog.Text("ai_suggestions"));
        for (var i = 0; i < items.Count; i++)
        {
            card.AddSubmit(items[i], [new("action", SuggestionAction), new("source", AiSource), new("index", i.ToString(CultureInfo.InvariantCulture))]);
        }
        say(new BotReply { AdaptiveCard = card.Build() });
    }

    /// <summary>"sla over" here: nothing (more) of this kind for this goal.</summary>
    public void Skip()
    {
        if (draft.Stage != NeedStage.Done)
        {
            machine.Fire(Trigger.Next);
        }
    }

    /// <summary>Asks what the step waits for now.</summary>
    public void Present(string progress)
    {
        if (Done)
        {
            return;
        }
        var frame = frames.For(draft.Kind);
        switch (draft.Stage)
        {
            case NeedStage.ChoosingCategory:
                var card = new AdaptiveCardBuilder()
                    .AddNote(progress)
                    .AddText(dialog.Text("need_choose",
                        ("goal_label", GoalLabel()), ("goal", GoalText()), ("kind", frame.Title), ("who", frame.Who.Replace("{pupil}", Pupil(), StringComparison.Ordinal))));
                foreach (var option in frame.Categories)
                {
                    card.AddSubmit(option.Label, [new("action", CategoryAction), new("category", option.Key)]);
                }
                card.AddSubmit(dialog.Text("need_next_button", ("kind", frame.Title.ToLower(CultureInfo.GetCultureInfo("nl-NL")))), [new("action", NextAction)]);
                say(new BotReply { AdaptiveCard = card.Build() });
                break;
            case NeedStage.Completing:
                say(BotReply.FromText(dialog.Text("need_complete", ("start", Start()))));
                var suggestions = Suggestions();
                if (suggestions.Count > 0)
                {
                    var list = new AdaptiveCardBuilder().AddText(dialog.Text("need_suggestions"));
                    for (var i = 0; i < suggestions.Count; i++)
                    {
                        list.AddSubmit(suggestions[i].Completion, [new("action", SuggestionAction), new("index", i.ToString(CultureInfo.InvariantCulture))]);
                    }
                    say(new BotReply { AdaptiveCard = list.Build() });
                }
                break;
            case NeedStage.Reviewing:
                say(new BotReply
                {
                    AdaptiveCard = new AdaptiveCardBuilder()
                        .AddText(dialog.Text("need_review", ("need", draft.Pending!.Text)))
                        .AddSubmit(dialog.Text("need_accept"), [new("action", ReviewAction), new(AnswerParser.ValueKey, "accept")])
                        .AddSubmit(dialog.Text("need_rewrite"), [new("action", ReviewAction), new(AnswerParser.ValueKey, "rewrite")])
                        .AddSubmit(dialog.Text("need_drop"), [new("action", ReviewAction), new(AnswerParser.ValueKey, "drop")])
                        .AddSubmitWhen(drafting.IsEnabled && draft.Pending!.Completion?.Source.Origin == TextOrigin.Person,
                            dialog.Text("need_ai_rephrase"), [new("action", ReviewAction), new(AnswerParser.ValueKey, "rephrase")])
                        .Build(),
                });
                break;
        }
    }

    private void Configure()
    {
        var nextKindOrDone = new Stateless.Reflection.DynamicStateInfos();
        nextKindOrDone.Add(NeedStage.ChoosingCategory, "next kind or goal");
        nextKindOrDone.Add(NeedStage.Done, "after the last goal");

        machine.Configure(NeedStage.ChoosingCategory)
            .Permit(Trigger.Category, NeedStage.Completing)
            .PermitDynamic(Trigger.Next, NextKind, null, nextKindOrDone);

        machine.Configure(NeedStage.Completing)
            .OnEntryFrom(category, ChooseCategory)
            .Permit(Trigger.Complete, NeedStage.Reviewing)
            .Permit(Trigger.Suggested, NeedStage.Reviewing)
            .PermitDynamic(Trigger.Next, NextKind, null, nextKindOrDone);

        machine.Configure(NeedStage.Reviewing)
            .OnEntryFrom(complete, Compose)
            .OnEntryFrom(suggested, TakeSuggestion)
            .Permit(Trigger.Rewrite, NeedStage.Completing)
            .Permit(Trigger.Accept, NeedStage.ChoosingCategory)
            .Permit(Trigger.Drop, NeedStage.ChoosingCategory)
            .OnExit(Settle);

        machine.Configure(NeedStage.Done)
            .OnEntry(SayDone);
    }

    /// <summary>
    /// With AI drafting on, the AI is asked for need statements for this goal and kind, after the turn (the teacher
    /// gets her answer at once); they follow as a separate message.
    /// </summary>
    private void ChooseCategory(string key)
    {
        draft.Category = key;
        draft.AiSuggestions = [];
        if (drafting.IsEnabled)
        {
            AskAi(AiFollowUp, drafting.SuggestNeedsAsync, single: false);
        }
    }

    /// <summary>Asks the AI after the turn for statements for this goal, kind and category; they come back as a follow-up.</summary>
    private void AskAi(string name, Func<SuggestNeedsRequest, CancellationToken, Task<DraftingResult>> ask, bool single)
    {
        var request = new SuggestNeedsRequest(plan, plan.Goals[draft.Goal], draft.Kind);
        var (goal, kind, category) = (draft.Goal, draft.Kind.ToString(), draft.Category!);
        say(new BotReply { Text = dialog.Text("ai_writing"), Placeholder = true });
        after(new FollowUp(name, async cancellationToken =>
        {
            var result = await ask(request, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> items = !result.Succeeded ? [] : single ? [result.Text.Trim()] : [.. result.Items];
            return JsonSerializer.SerializeToElement(new AiNeedSuggestions(goal, kind, category, items), NeedDraftingJsonContext.Default.AiNeedSuggestions);
        }, AiWait));
    }

    /// <summary>An AI suggestion picked: the whole statement as the AI wrote it, marked so; the teacher still reviews it.</summary>
    private void TakeSuggestion(string statement) =>
        draft.Pending = new Need($"n{plan.ActionPart.Needs.Count + 1}", draft.Kind, plan.Goals[draft.Goal].Id, statement,
            new Provenance(Role.Teacher, "needs", now, TextOrigin.Ai))
        {
            Category = draft.Category,
        };

    private void Compose((string Text, TextOrigin Origin) completion)
    {
        var goal = plan.Goals[draft.Goal];
        var written = new Provenance(Role.Teacher, "needs", now, completion.Origin);
        draft.Pending = new Need(
            $"n{plan.ActionPart.Needs.Count + 1}",
            draft.Kind,
            goal.Id,
            frames.Compose(draft.Kind, draft.Category!, GoalText(), Pupil(), completion.Text),
            new Provenance(Role.Teacher, "needs", now, TextOrigin.Template))
        {
            Category = draft.Category,
            Completion = new TextEntry(completion.Text, written),
        };
        // Her own words may read like a label or problem language: say so before she accepts.
        foreach (var hint in completion.Origin == TextOrigin.Person ? hintsFor(completion.Text) : [])
        {
            Say(hint);
        }
    }

    /// <summary>Leaving the review: an accepted need goes into the plan, a dropped or rewritten one does not.</summary>
    private void Settle(StateMachine<NeedStage, Trigger>.Transition transition)
    {
        if (transition.Trigger == Trigger.Accept && draft.Pending is { } need)
        {
            plan.ActionPart.Needs.Add(need with { Id = NewNeedId() });
            Say(dialog.Text("need_accepted"));
        }
        else if (transition.Trigger == Trigger.Drop)
        {
            Say(dialog.Text("need_dropped"));
        }
        draft.Pending = null;
        draft.AiSuggestions = [];
    }

    /// <summary>The next kind of need, then the next goal; done after the last kind of the last goal.</summary>
    private NeedStage NextKind()
    {
        draft.Category = null;
        var kinds = frames.Frames.Select(f => f.Kind).ToList();
        var next = kinds.IndexOf(draft.Kind) + 1;
        if (next < kinds.Count)
        {
            draft.Kind = kinds[next];
            return NeedStage.ChoosingCategory;
        }
        draft.Kind = kinds[0];
        draft.Goal++;
        return draft.Goal < plan.Goals.Count ? NeedStage.ChoosingCategory : NeedStage.Done;
    }

    private void SayDone() => Say(dialog.Text("need_done"));

    private string NewNeedId()
    {
        var taken = plan.ActionPart.Needs.Select(n => n.Id).ToHashSet();
        var number = plan.ActionPart.Needs.Count + 1;
        while (taken.Contains($"n{number}"))
        {
            number++;
        }
        return $"n{number}";
    }

    private IReadOnlyList<NeedSuggestion> Suggestions() =>
        draft.Category is { } key ? frames.Suggest(draft.Kind, key, plan.Factors.Select(f => f.Text)) : [];

    private string? CategoryOf(CardData? card, string? text)
    {
        var frame = frames.For(draft.Kind);
        if (card?.Action == CategoryAction)
        {
            return frame.Category(card.Get("category") ?? "")?.Key;
        }
        if (card is not null || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= frame.Categories.Count)
        {
            return frame.Categories[number - 1].Key;
        }
        return frame.Categories.FirstOrDefault(c => TextMatcher.IsExactly(text, [c.Label, c.Lead, c.Key]))?.Key;
    }

    private string Start()
    {
        const string marker = "\u0001";
        return frames.Compose(draft.Kind, draft.Category!, GoalText(), Pupil(), marker).Split(marker)[0].TrimEnd();
    }

    private string GoalText() => plan.Goals[draft.Goal].Description?.Text ?? "";

    private string GoalLabel() => dialog.Text("goal_item", ("n", (draft.Goal + 1).ToString(CultureInfo.InvariantCulture)));

    private string Pupil() => plan.Pupil.Name ?? dialog.Text("pupil_fallback");

    private static int ParseIndex(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : -1;

    private void Say(string text) => say(BotReply.FromText(text));
}

/// <summary>What the AI follow-up carries back: for which goal, kind and category, and the statements.</summary>
internal sealed record AiNeedSuggestions(int Goal, string Kind, string Category, IReadOnlyList<string> Items);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AiNeedSuggestions))]
internal sealed partial class NeedDraftingJsonContext : JsonSerializerContext;
