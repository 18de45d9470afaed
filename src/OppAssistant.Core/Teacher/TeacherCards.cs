using System.Globalization;
using System.Text.Json;
using OppAssistant.Core.Cards;
using OppAssistant.Core.Content;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Teacher;

/// <summary>The data a card button or form sent: its action and string fields.</summary>
internal sealed class CardData
{
    public const string AnswerAction = AnswerParser.AnswerAction;
    public const string GroupAction = "answerGroup";
    public const string MoreAction = "more";
    public const string ConfirmAction = "confirm";
    public const string OpenPlanAction = "openOpp";
    public const string NewPlanAction = "newOpp";

    private readonly JsonElement value;

    private CardData(JsonElement value, string action)
    {
        this.value = value;
        Action = action;
    }

    public string Action { get; }

    public static CardData? Of(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Object } v && v.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String
            ? new CardData(v, a.GetString()!)
            : value is { ValueKind: JsonValueKind.Object } other ? new CardData(other, "") : null;

    public string? Get(string key) => CardValues.String(value, key);
}

/// <summary>
/// The replies of the teacher's flow that carry an Adaptive Card (1.5). Each card can also be answered by typing:
/// a choice by its number or name, a date the Dutch way, "ja"/"nee", or a command.
/// </summary>
internal static class TeacherCards
{
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    public static BotReply Question(TeacherDialog dialog, QuestionDialog question, string progress, bool offerSkip)
    {
        var skip = offerSkip ? [new SuggestedAction(dialog.Text("skip_button"), dialog.Commands["skip"][0])] : Array.Empty<SuggestedAction>();
        if (question.Slot.Input == InputType.Text)
        {
            return new BotReply { Text = $"_{progress}_\n\n{question.Ask}", SuggestedActions = skip };
        }
        var card = new AdaptiveCardBuilder().AddNote(progress).AddText(question.Ask, emphasis: true);
        KeyValuePair<string, string>[] Data(string? value = null) =>
            value is null
                ? [new("action", CardData.AnswerAction), new(AnswerParser.QuestionKey, question.Id)]
                : [new("action", CardData.AnswerAction), new(AnswerParser.QuestionKey, question.Id), new(AnswerParser.ValueKey, value)];
        switch (question.Slot.Input)
        {
            case InputType.Choice:
                foreach (var choice in question.Choices)
                {
                    card.AddSubmit(choice.Label, Data(choice.Value));
                }
                break;
            case InputType.MultiChoice:
                card.AddChoiceInput(AnswerParser.ValueKey, question.Label, Choices(question), multiSelect: true, expanded: true)
                    .AddSubmit(dialog.Text("submit"), Data());
                break;
            default:
                card.AddDateInput(AnswerParser.ValueKey, question.Label).AddSubmit(dialog.Text("submit"), Data());
                break;
        }
        return new BotReply { AdaptiveCard = card.Build(), SuggestedActions = skip };
    }

    /// <summary>All parts of a goal or an agreement in one form; the fields are named after their questions.</summary>
    public static BotReply Group(TeacherDialog dialog, IReadOnlyList<QuestionDialog> members)
    {
        var card = new AdaptiveCardBuilder().AddText(dialog.Text("group_card_intro"));
        foreach (var member in members)
        {
            _ = member.Slot.Input switch
            {
                InputType.Choice or InputType.MultiChoice => card.AddChoiceInput(member.Id, member.Ask, Choices(member), member.Slot.Input == InputType.MultiChoice, expanded: false),
                InputType.Date => card.AddDateInput(member.Id, member.Ask),
                _ => card.AddTextInput(member.Id, member.Ask, member.MaxLength, multiline: member.MaxLength > 150),
            };
        }
        card.AddSubmit(dialog.Text("group_card_submit"), [new("action", CardData.GroupAction), new(AnswerParser.QuestionKey, members[0].Id)]);
        return new BotReply { AdaptiveCard = card.Build() };
    }

    /// <summary>"nog een?" after a list item or a whole goal or agreement; <paramref name="what"/> names what would be added.</summary>
    public static BotReply More(TeacherDialog dialog, string questionId, string what) => new()
    {
        AdaptiveCard = new AdaptiveCardBuilder()
            .AddText(dialog.Text("ask_more", ("what", what)))
            .AddSubmit(dialog.Text("more_yes"), [new("action", CardData.MoreAction), new(AnswerParser.QuestionKey, questionId), new(AnswerParser.ValueKey, "yes")])
            .AddSubmit(dialog.Text("more_no"), [new("action", CardData.MoreAction), new(AnswerParser.QuestionKey, questionId), new(AnswerParser.ValueKey, "no")])
            .Build(),
    };

    public static BotReply Confirm(TeacherDialog dialog, TeacherStep step, string question) => new()
    {
        AdaptiveCard = new AdaptiveCardBuilder()
            .AddText(question)
            .AddSubmit(dialog.Text("confirm_yes"), [new("action", CardData.ConfirmAction), new("step", step.ToString()), new(AnswerParser.ValueKey, "yes")])
            .AddSubmit(dialog.Text("confirm_edit"), [new("action", CardData.ConfirmAction), new("step", step.ToString()), new(AnswerParser.ValueKey, "edit")])
            .Build(),
    };

    /// <summary>"mijn OPP's": one numbered button per plan, and one to start a new plan (the only one when there are none).</summary>
    /// <summary>Her plans as buttons; a plan past the concept stage says where it stands (with <paramref name="catalog"/>).</summary>
    public static BotReply PlanList(TeacherDialog dialog, IReadOnlyList<OppSummary> plans, DialogCatalog? catalog = null)
    {
        var card = new AdaptiveCardBuilder().AddText(dialog.Text(plans.Count == 0 ? "my_opps_empty" : "my_opps"));
        for (var i = 0; i < plans.Count; i++)
        {
            var plan = plans[i];
            var title = dialog.Text("my_opps_item",
                ("name", plan.PupilName ?? dialog.Text("unnamed_pupil")),
                ("date", plan.UpdatedAt.ToString("d MMMM yyyy", Dutch)));
            if (catalog is not null && plan.Status != OppStatus.Concept)
            {
                title = catalog.Review.Text("plan_list_status", ("status", catalog.Lifecycle.States[plan.Status]), ("item", title));
            }
            card.AddSubmit($"{i + 1}. {title}", [new("action", CardData.OpenPlanAction), new("opp", plan.Id)]);
        }
        card.AddSubmit(dialog.Text("new_opp_button"), [new("action", CardData.NewPlanAction)]);
        return new BotReply { AdaptiveCard = card.Build() };
    }

    private static KeyValuePair<string, string>[] Choices(QuestionDialog question) =>
        question.Choices.Select(c => new KeyValuePair<string, string>(c.Label, c.Value)).ToArray();
}
