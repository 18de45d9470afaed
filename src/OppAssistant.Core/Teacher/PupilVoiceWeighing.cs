using OppAssistant.Core.Cards;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Teacher;

/// <summary>
/// The teacher weighs the pupil's voice (faq-brief §1.6, §4.5): for each contribution, in his own words, whether it
/// was used in the plan (used, partly, not) and why, or what changed. Without a conversation she writes how the
/// pupil was involved otherwise, or why not. The contribution being weighed is data in the plan
/// (<see cref="DraftProgress.Weighing"/>), so another conversation carries on where this one stopped.
/// </summary>
internal sealed class PupilVoiceWeighing(OppDocument plan, TeacherDialog dialog, DateTimeOffset now, Action<BotReply> reply)
{
    public const string WeighAction = "weighPupil";
    public const string HowInvolvedQuestion = "pupil_how_involved";
    public const string WeighingQuestion = "pupil_weighing";

    /// <summary>True when the plan may go to review as far as the pupil's voice goes.</summary>
    public static bool IsDone(OppDocument plan) => MissingParts.IsHeard(plan.PupilVoice) && MissingParts.IsWeighed(plan.PupilVoice);

    public static int Unweighed(OppDocument plan) => plan.PupilVoice?.Contributions.Count(a => a.Weighing is null) ?? 0;

    public bool Done => IsDone(plan);

    private PupilAnswer? Next => plan.PupilVoice?.Contributions.FirstOrDefault(a => a.Weighing is null);

    /// <summary>Said once when the weighing starts.</summary>
    public void Introduce()
    {
        if (Unweighed(plan) is var count and > 0)
        {
            Say(dialog.Text("pupil_voice_intro", ("n", count.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
    }

    /// <summary>Asks for what the weighing waits for.</summary>
    public void Present()
    {
        if (plan.Draft.Weighing is { } pending)
        {
            Say(dialog.Text("pupil_voice_ask_why", ("use", UseLabel(pending.Use))));
            return;
        }
        if (Next is { } answer)
        {
            var card = new AdaptiveCardBuilder()
                .AddNote(answer.Asked)
                .AddText("“" + MarkdownText.Escape(answer.Words) + "”", emphasis: true)
                .AddText(dialog.Text("pupil_voice_ask_use"));
            foreach (var use in Enum.GetValues<WeighingUse>())
            {
                card.AddSubmit(UseLabel(use), [new("action", WeighAction), new("answer", answer.Id), new("use", DraftDialog.Key(use))]);
            }
            reply(new BotReply { AdaptiveCard = card.Build() });
            return;
        }
        if (!MissingParts.IsHeard(plan.PupilVoice))
        {
            var busy = plan.PupilVoice?.Conversations.Any(c => c.End is null) == true;
            Say(dialog.Text(busy ? "pupil_voice_busy" : "pupil_voice_not_heard"));
        }
    }

    /// <summary>Her answer: the use of the contribution in front of her, the reason, or how the pupil was involved.</summary>
    public void Answer(TurnInput input)
    {
        var card = input.Kind == InputKind.CardAction ? input.Value : null;
        var text = card is null ? input.Text?.Trim() : null;
        if (plan.Draft.Weighing is { } pending)
        {
            if (TextOf(card, text) is not { } why)
            {
                return;
            }
            if (plan.PupilVoice?.Contributions.FirstOrDefault(a => a.Id == pending.AnswerId) is { } answer)
            {
                answer.Weighing = new PupilWeighing(pending.Use, new TextEntry(why, Source(WeighingQuestion)));
                Say(dialog.Text("pupil_voice_weighed"));
            }
            plan.Draft.Weighing = null;
            return;
        }
        if (Next is { } next)
        {
            if (UseOf(card, text, next) is { } use)
            {
                plan.Draft.Weighing = new PendingWeighing(next.Id, use);
            }
            else
            {
                Say(dialog.Text(card is null ? "pupil_voice_use_reprompt" : "wrong_card"));
            }
            return;
        }
        if (!MissingParts.IsHeard(plan.PupilVoice) && TextOf(card, text) is { } how)
        {
            (plan.PupilVoice ??= new PupilVoice()).HowInvolved = new TextEntry(how, Source(HowInvolvedQuestion));
        }
    }

    private string? TextOf(System.Text.Json.JsonElement? card, string? text)
    {
        if (card is not null)
        {
            Say(dialog.Text("wrong_card"));
            return null;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            Say(dialog.Text("empty_answer"));
            return null;
        }
        if (text.Length > TeacherDialog.DefaultMaxLength)
        {
            Say(dialog.Text("too_long", ("max", TeacherDialog.DefaultMaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            return null;
        }
        return text;
    }

    private WeighingUse? UseOf(System.Text.Json.JsonElement? card, string? text, PupilAnswer answer)
    {
        if (card is { } value)
        {
            // Only the button of the contribution in front of her: a card of an earlier one is stale.
            return Get(value, "action") == WeighAction && Get(value, "answer") == answer.Id
                ? Enum.GetValues<WeighingUse>().Cast<WeighingUse?>().FirstOrDefault(u => DraftDialog.Key(u!.Value) == Get(value, "use"))
                : null;
        }
        return dialog.UseAnswers.FirstOrDefault(u => TextMatcher.IsExactly(text, [.. u.Value, UseLabel(u.Key)])) is { Value: not null } found
            ? found.Key
            : null;
    }

    private string UseLabel(WeighingUse use) => dialog.Text("use_" + DraftDialog.Key(use));

    private Provenance Source(string question) => new(Role.Teacher, question, now, TextOrigin.Person);

    private static string? Get(System.Text.Json.JsonElement card, string key) => CardValues.String(card, key);

    private void Say(string text) => reply(BotReply.FromText(text));
}
