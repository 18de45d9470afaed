using System.Globalization;
using System.Text.Json;
using OppAssistant.Core.Cards;
using OppAssistant.Core.Content;
using OppAssistant.Core.Turns;
using Stateless;
using Stateless.Graph;

namespace OppAssistant.Core.Parent;

/// <summary>
/// The parent's questions and answers about the OPP and his rights, anonymous: an introduction, then every message is a
/// question. The answer is the best knowledge card (title, answer, source, date checked, what holds now) with two or
/// three related questions as buttons; when no card fits well enough, an honest "dat weet ik niet zeker" that points to
/// the school's IB'er and the ouder- en jeugdsteunpunt, never a guess. A name, a BSN or a diagnosis in the question gets
/// a gentle word that this chat does not need or keep it, and the question is answered all the same. One Stateless
/// machine, built for one turn over a <see cref="ParentSession"/> that lives outside it and holds no question text.
/// Everything said comes from dialogs/parent.yaml and the cards of knowledge/nl/.
/// </summary>
public sealed class ParentFlow
{
    /// <summary>Card data: <c>{"action": "parentQuestion", "card": id}</c> shows that card directly.</summary>
    public const string QuestionAction = "parentQuestion";
    public const string ActionKey = "action";
    public const string CardKey = "card";

    private enum Trigger
    {
        Enter,
        Ask,
        OpenCard,
        Help,
    }

    private readonly ParentTurn turn;
    private readonly ParentSession session;
    private readonly ParentDialog dialog;
    private readonly List<BotReply> replies = [];
    private readonly StateMachine<ParentStep, Trigger> machine;
    private readonly StateMachine<ParentStep, Trigger>.TriggerWithParameters<string> ask;
    private readonly StateMachine<ParentStep, Trigger>.TriggerWithParameters<string> openCard;

    private ParentFlow(ParentTurn turn)
    {
        this.turn = turn;
        session = turn.Session;
        dialog = turn.Dialogs.Parent;
        machine = new StateMachine<ParentStep, Trigger>(() => session.Step, step => session.Step = step);
        ask = machine.SetTriggerParameters<string>(Trigger.Ask);
        openCard = machine.SetTriggerParameters<string>(Trigger.OpenCard);
        Configure();
    }

    /// <summary>The role was just chosen: say what this chat can answer, with a few example questions.</summary>
    public static IReadOnlyList<BotReply> Enter(ParentTurn turn)
    {
        var flow = new ParentFlow(turn);
        flow.machine.Fire(Trigger.Enter);
        return flow.replies;
    }

    /// <summary>One message or button in the parent's Q&amp;A.</summary>
    public static IReadOnlyList<BotReply> Receive(ParentTurn turn)
    {
        var flow = new ParentFlow(turn);
        if (turn.Input.Kind == InputKind.FollowUp)
        {
            return [];
        }
        if (flow.session.Step == ParentStep.New)
        {
            // A conversation stored before this flow existed: introduce it, then take the message.
            flow.machine.Fire(Trigger.Enter);
        }
        flow.Dispatch();
        return flow.replies;
    }

    /// <summary>The machine as a Mermaid diagram, for the README.</summary>
    public static string ToMermaid(DialogCatalog dialogs) =>
        MermaidGraph.Format(new ParentFlow(new ParentTurn(
            new ParentSession(), new TurnInput(new ConversationKey("", ""), "", InputKind.Message), dialogs, new NoParentKnowledge())).machine.GetInfo());

    private void Configure()
    {
        machine.Configure(ParentStep.New)
            .Permit(Trigger.Enter, ParentStep.Asking);

        machine.Configure(ParentStep.Asking)
            .OnEntryFrom(Trigger.Enter, SayIntro)
            .PermitReentry(Trigger.Enter)
            .InternalTransition(ask, (question, _) => Answer(question))
            .InternalTransition(openCard, (id, _) => Open(id))
            .InternalTransition(Trigger.Help, _ => Say(dialog.Text("help")));
    }

    private void Dispatch()
    {
        var input = turn.Input;
        if (input.Kind == InputKind.CardAction)
        {
            if (CardOf(input) is { } id)
            {
                machine.Fire(openCard, id);
            }
            else
            {
                Say(dialog.Text("reprompt_empty"));
            }
            return;
        }
        var text = input.Text;
        if (TextMatcher.IsExactly(text, turn.Dialogs.Common.Commands["help"]))
        {
            machine.Fire(Trigger.Help);
            return;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            Say(dialog.Text("reprompt_empty"));
            return;
        }
        if (OfferedCardTitled(text) is { } offered)
        {
            machine.Fire(openCard, offered);
            return;
        }
        machine.Fire(ask, text);
    }

    // ── Answers ─────────────────────────────────────────────────────────────────────────────────────────

    private void Answer(string text)
    {
        // Nothing of the words is kept. A name or BSN is left out before the search; the note about it is said first.
        var question = text.Trim();
        if (dialog.PersonalData.Detect(text) != PersonalData.None)
        {
            Say(dialog.Text("personal_data"));
            question = dialog.PersonalData.WithoutNamesAndBsn(question);
        }
        if (question.Length > dialog.MaxLength)
        {
            Say(dialog.Text("reprompt_too_long", ("max", dialog.MaxLength.ToString(CultureInfo.InvariantCulture))));
            return;
        }
        switch (turn.Knowledge.Ask(question))
        {
            case ParentKnowledgeAnswer.Found found:
                Show(found.Card);
                break;
            default:
                SayDoNotKnow();
                break;
        }
    }

    private void Open(string id)
    {
        if (turn.Knowledge.Card(id) is { } card)
        {
            Show(card);
        }
        else
        {
            Say(dialog.Text("unknown_card"));
        }
    }

    /// <summary>One card: the question, the answer, the source, when it was checked, what holds now, and related questions.</summary>
    private void Show(ParentKnowledgeCard card)
    {
        session.LastCardId = card.Id;
        var reply = new AdaptiveCardBuilder()
            .AddText(card.Title, emphasis: true)
            .AddText(card.Body)
            .AddNote(dialog.Text("source", ("sources", string.Join("; ", card.Sources.Select(dialog.SourceName)))))
            .AddNote(dialog.Text("checked", ("date", dialog.Date(card.LastChecked))));
        if (card.HoldsNow is { Length: > 0 } note)
        {
            reply.AddNote(dialog.Text("holds_now", ("note", note)));
        }
        var related = card.Related.Take(3).ToList();
        if (related.Count > 0)
        {
            reply.AddText(dialog.Text("related"));
            foreach (var link in related)
            {
                reply.AddSubmit(link.Title, Button(link.Id));
            }
        }
        replies.Add(new BotReply { AdaptiveCard = reply.Build() });
    }

    /// <summary>No card fits well enough: say so, point to the IB'er and the ouder- en jeugdsteunpunt, never guess.</summary>
    private void SayDoNotKnow()
    {
        var reply = new AdaptiveCardBuilder().AddText(dialog.Text("do_not_know"));
        if (turn.Knowledge.Card(dialog.ReferralCard) is { } referral)
        {
            reply.AddSubmit(referral.Title, Button(referral.Id));
        }
        replies.Add(new BotReply { AdaptiveCard = reply.Build() });
    }

    private void SayIntro()
    {
        Say(dialog.Text("intro"));
        var examples = dialog.Examples.Select(turn.Knowledge.Card).OfType<ParentKnowledgeCard>().ToList();
        if (examples.Count == 0)
        {
            return;
        }
        var card = new AdaptiveCardBuilder().AddText(dialog.Text("examples"));
        foreach (var example in examples)
        {
            card.AddSubmit(example.Title, Button(example.Id));
        }
        replies.Add(new BotReply { AdaptiveCard = card.Build() });
    }

    // ── Helpers ─────────────────────────────────────────────────────────────────────────────────────────

    /// <summary>A typed button title: a question offered under the last card, an example, or the referral.</summary>
    private string? OfferedCardTitled(string text)
    {
        var offered = new List<ParentKnowledgeLink>();
        if (session.LastCardId is { } last && turn.Knowledge.Card(last) is { } shown)
        {
            offered.AddRange(shown.Related);
        }
        foreach (var id in dialog.Examples.Append(dialog.ReferralCard))
        {
            if (turn.Knowledge.Card(id) is { } card)
            {
                offered.Add(new ParentKnowledgeLink(card.Id, card.Title));
            }
        }
        return offered.FirstOrDefault(link => TextMatcher.IsExactly(text, [link.Title]))?.Id;
    }

    private static KeyValuePair<string, string>[] Button(string cardId) => [new(ActionKey, QuestionAction), new(CardKey, cardId)];

    private static string? CardOf(TurnInput input) =>
        input.Value is { ValueKind: JsonValueKind.Object } value
        && value.TryGetProperty(ActionKey, out var action) && action.ValueKind == JsonValueKind.String && action.GetString() == QuestionAction
        && value.TryGetProperty(CardKey, out var card) && card.ValueKind == JsonValueKind.String
            ? card.GetString()
            : null;

    private void Say(string text) => replies.Add(BotReply.FromText(text));
}
