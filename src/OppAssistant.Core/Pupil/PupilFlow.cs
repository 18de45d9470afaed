using System.Globalization;
using System.Text.Json;
using OppAssistant.Core.Cards;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Turns;
using Stateless;
using Stateless.Graph;

namespace OppAssistant.Core.Pupil;

/// <summary>
/// The pupil's conversation (hoorrecht): code → an honest word on who reads the answers → alone or with someone →
/// one question at a time → goodbye. One Stateless machine, built for one turn over a <see cref="PupilSession"/>
/// that lives outside it. Every answer is stored in the plan at once, verbatim and dated. "Dit wil ik niet zeggen",
/// "ik snap het niet" and "stop" work at every question; words that suggest harm end the questionnaire from
/// anywhere and alert the school's designated person (<see cref="PupilStep.SafetyStop"/>). Everything said comes
/// from dialogs/pupil/ and dialogs/safeguarding.yaml.
/// </summary>
public sealed class PupilFlow
{
    /// <summary>Wrong codes one conversation may try: enough for typing mistakes, too few to guess.</summary>
    public const int MaxWrongCodes = 5;

    public const string AnswerAction = "pupilAnswer";
    public const string CommandAction = "pupilCommand";
    private const string DisclosureFollowUp = "disclosureCheck";
    private const string AlertFollowUp = "safeguardingAlert";

    private enum Trigger
    {
        CodeAccepted,
        CompanyChosen,
        Answered,
        LastAnswered,
        Stop,
        Continue,
        Disclose,
        Help,
    }

    private readonly PupilTurn turn;
    private readonly PupilSession session;
    private readonly PupilDialog dialog;
    private readonly List<BotReply> replies = [];
    private readonly StateMachine<PupilStep, Trigger> machine;
    private readonly StateMachine<PupilStep, Trigger>.TriggerWithParameters<DisclosureMatch> disclose;
    private OppDocument? opp;
    private bool changed;

    private PupilFlow(PupilTurn turn)
    {
        this.turn = turn;
        session = turn.Session;
        dialog = turn.Dialogs.Pupil;
        machine = new StateMachine<PupilStep, Trigger>(() => session.Step, step => session.Step = step, FiringMode.Queued);
        disclose = machine.SetTriggerParameters<DisclosureMatch>(Trigger.Disclose);
        Configure();
    }

    /// <summary>The role was just chosen: ask for the code, or carry on where this conversation was.</summary>
    public static async Task<IReadOnlyList<BotReply>> EnterAsync(PupilTurn turn, CancellationToken cancellationToken)
    {
        var flow = await LoadAsync(turn, cancellationToken).ConfigureAwait(false);
        flow.Present();
        return await flow.FinishAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One message, card action or follow-up in the pupil's conversation.</summary>
    public static async Task<IReadOnlyList<BotReply>> ReceiveAsync(PupilTurn turn, CancellationToken cancellationToken)
    {
        var flow = await LoadAsync(turn, cancellationToken).ConfigureAwait(false);
        await flow.DispatchAsync(cancellationToken).ConfigureAwait(false);
        return await flow.FinishAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The machine as a Mermaid diagram; the README shows it and a test keeps the two equal.</summary>
    public static string ToMermaid(DialogCatalog dialogs) =>
        MermaidGraph.Format(new PupilFlow(new PupilTurn(
            new PupilSession(), new TurnInput(new ConversationKey("", ""), "", InputKind.Message), dialogs, null!, null!, null!,
            DateTimeOffset.UnixEpoch, new NoDraftingAssistant(), new NoSafeguardingNotifier())).machine.GetInfo());

    private static async Task<PupilFlow> LoadAsync(PupilTurn turn, CancellationToken cancellationToken)
    {
        var flow = new PupilFlow(turn);
        if (turn.Session.OppId is { } id)
        {
            flow.opp = await turn.Plans.GetAsync(turn.Documents, id, cancellationToken).ConfigureAwait(false);
            if (flow.opp is null && turn.Session.Step != PupilStep.SafetyStop)
            {
                // The plan was deleted: this conversation has nothing left to add to.
                turn.Session.Step = PupilStep.AwaitingCode;
                turn.Session.OppId = null;
                turn.Session.RecordId = null;
            }
        }
        return flow;
    }

    private void Configure()
    {
        machine.Configure(PupilStep.Conversation)
            .Permit(Trigger.Disclose, PupilStep.SafetyStop)
            .InternalTransition(Trigger.Help, SayHelp);

        machine.Configure(PupilStep.AwaitingCode)
            .SubstateOf(PupilStep.Conversation)
            .Permit(Trigger.CodeAccepted, PupilStep.ChoosingCompany);

        machine.Configure(PupilStep.Talking)
            .SubstateOf(PupilStep.Conversation)
            .Permit(Trigger.Stop, PupilStep.Stopped);

        machine.Configure(PupilStep.ChoosingCompany)
            .SubstateOf(PupilStep.Talking)
            .OnEntryFrom(Trigger.CodeAccepted, Welcome)
            .OnEntryFrom(Trigger.Continue, SayResumed)
            .Permit(Trigger.CompanyChosen, PupilStep.Asking);

        machine.Configure(PupilStep.Asking)
            .SubstateOf(PupilStep.Talking)
            .OnEntryFrom(Trigger.CompanyChosen, SayStart)
            .OnEntryFrom(Trigger.Continue, SayResumed)
            .PermitReentry(Trigger.Answered)
            .Permit(Trigger.LastAnswered, PupilStep.Finished);

        machine.Configure(PupilStep.Stopped)
            .SubstateOf(PupilStep.Conversation)
            .OnEntry(SayStopped)
            .PermitDynamic(Trigger.Continue, () => Record?.Company is null ? PupilStep.ChoosingCompany : PupilStep.Asking, "company chosen or not",
                new Stateless.Reflection.DynamicStateInfos
                {
                    { PupilStep.ChoosingCompany, "before the company was chosen" },
                    { PupilStep.Asking, "at the question where he stopped" },
                });

        machine.Configure(PupilStep.Finished)
            .SubstateOf(PupilStep.Conversation)
            .OnEntry(SayGoodbye);

        machine.Configure(PupilStep.SafetyStop)
            .OnEntryFrom(disclose, Safeguard)
            .Ignore(Trigger.Disclose)
            .InternalTransition(Trigger.Help, SaySafetyAgain);
    }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        var input = turn.Input;
        if (input.Kind == InputKind.FollowUp)
        {
            await ReceiveFollowUpAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        var text = input.Kind == InputKind.Message ? input.Text : null;
        if (session.Step == PupilStep.SafetyStop)
        {
            SaySafetyAgain();
            return;
        }
        // Before anything else: words that suggest harm are never handled as an ordinary answer or a wrong code.
        if (Safeguarding.Detector.Detect(text) is { } match)
        {
            await RaiseAlertAsync(match, DisclosureDetection.PhraseList, cancellationToken).ConfigureAwait(false);
            machine.Fire(disclose, match);
            return;
        }
        if (TextMatcher.IsExactly(text, turn.Dialogs.Common.Commands["help"]))
        {
            machine.Fire(Trigger.Help);
            return;
        }
        switch (session.Step)
        {
            case PupilStep.AwaitingCode:
                await ReceiveCodeAsync(text, cancellationToken).ConfigureAwait(false);
                return;
            case PupilStep.Stopped:
                if (dialog.IsCommand(text, "continue") || CommandOf(input) == "continue")
                {
                    Reopen();
                    machine.Fire(Trigger.Continue);
                    if (session.Step == PupilStep.Asking)
                    {
                        Present();
                    }
                    else
                    {
                        AskCompany();
                    }
                }
                else
                {
                    Say(Band.Text("after_stop"));
                }
                return;
            case PupilStep.Finished:
                Say(Band.Text("after_goodbye"));
                return;
        }
        if (dialog.IsCommand(text, "stop") || CommandOf(input) == "stop")
        {
            machine.Fire(Trigger.Stop);
            return;
        }
        if (session.Step == PupilStep.ChoosingCompany)
        {
            ChooseCompany(input);
        }
        else
        {
            Answer(input);
        }
    }

    private async Task<IReadOnlyList<BotReply>> FinishAsync(CancellationToken cancellationToken)
    {
        if (changed && opp is not null)
        {
            await turn.Plans.StoreAsync(turn.Documents, opp, cancellationToken).ConfigureAwait(false);
        }
        return replies;
    }

    // ── The code ────────────────────────────────────────────────────────────────────────────────────────

    private async Task ReceiveCodeAsync(string? text, CancellationToken cancellationToken)
    {
        if (session.WrongCodes >= MaxWrongCodes)
        {
            Say(dialog.Text("code_too_many"));
            return;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            Say(dialog.Text("ask_code"));
            return;
        }
        var redemption = await turn.Invitations.RedeemAsync(turn.Documents, text, cancellationToken).ConfigureAwait(false);
        if (redemption.Status != RedeemStatus.Accepted
            || await turn.Plans.GetAsync(turn.Documents, redemption.Invitation!.OppId, cancellationToken).ConfigureAwait(false) is not { } plan)
        {
            // Unknown, expired, used or its plan deleted: the same kind words, and nothing about any plan.
            session.WrongCodes++;
            Say(dialog.Text(session.WrongCodes >= MaxWrongCodes ? "code_too_many" : "code_wrong"));
            return;
        }
        opp = plan;
        var voice = opp.PupilVoice ??= new PupilVoice();
        var record = new PupilConversationRecord
        {
            Id = "g" + (voice.Conversations.Count + 1).ToString(CultureInfo.InvariantCulture),
            Band = redemption.Invitation.Band,
            StartedAt = turn.Now,
        };
        voice.Conversations.Add(record);
        changed = true;
        session.OppId = opp.Id;
        session.RecordId = record.Id;
        session.Band = record.Band;
        session.Question = 0;
        session.Simplified = false;
        machine.Fire(Trigger.CodeAccepted);
    }

    private void Welcome()
    {
        Say(Band.Text("welcome"));
        Say(Band.Text("about_answers"));
        AskCompany();
    }

    // ── Alone or with someone ───────────────────────────────────────────────────────────────────────────

    private void AskCompany()
    {
        var card = new AdaptiveCardBuilder().AddText(Band.Text("ask_company"), emphasis: true);
        foreach (var option in Band.Company)
        {
            card.AddSubmit(option.Title, [new("action", AnswerAction), new("question", CompanyQuestion), new("value", option.Id)]);
        }
        replies.Add(new BotReply { AdaptiveCard = card.Build() });
    }

    private const string CompanyQuestion = "company";

    private void ChooseCompany(TurnInput input)
    {
        var option = OptionOf(input, CompanyQuestion, Band.Company);
        if (option is null)
        {
            Say(Band.Text("company_reprompt"));
            AskCompany();
            return;
        }
        Record!.Company = option.Id;
        changed = true;
        machine.Fire(Trigger.CompanyChosen);
    }

    private void SayStart()
    {
        Say(Band.Text("start"));
        Present();
    }

    private void SayResumed() => Say(Band.Text("resumed"));

    // ── The questions ───────────────────────────────────────────────────────────────────────────────────

    private void Answer(TurnInput input)
    {
        var question = Current;
        var command = CommandOf(input, question.Id);
        var text = input.Kind == InputKind.Message ? input.Text : null;
        if (command == "not_saying" || dialog.IsCommand(text, "not_saying"))
        {
            Store(question, PupilAnswerStatus.NotSaying);
            Say(Band.Text("skipped"));
            Next();
            return;
        }
        if (command == "not_understood" || dialog.IsCommand(text, "not_understood"))
        {
            if (!session.Simplified)
            {
                session.Simplified = true;
                Present();
                return;
            }
            // Not understood in simpler words either: that is recorded with who was there (faq-brief §1.6).
            Store(question, PupilAnswerStatus.NotUnderstood);
            Say(Band.Text("not_understood_again"));
            Next();
            return;
        }
        if (question.Options.Count > 0 && input.Kind == InputKind.CardAction)
        {
            if (OptionOf(input, question.Id, question.Options) is not { } chosen)
            {
                // A button of an earlier question or a made-up value: ask this one again.
                Say(Band.Text("reprompt_choice"));
                Present();
                return;
            }
            Store(question, PupilAnswerStatus.Answered, choice: chosen);
            Next();
            return;
        }
        if (question.Options.Count > 0 && OptionOf(input, question.Id, question.Options) is { } typed)
        {
            Store(question, PupilAnswerStatus.Answered, choice: typed);
            Next();
            return;
        }
        if (input.Kind == InputKind.CardAction || string.IsNullOrWhiteSpace(text))
        {
            Say(Band.Text(input.Kind == InputKind.CardAction ? "reprompt_choice" : "reprompt_empty"));
            Present();
            return;
        }
        var words = text.Trim();
        if (words.Length > question.MaxLength)
        {
            Say(Band.Text("reprompt_too_long", ("max", question.MaxLength.ToString(CultureInfo.InvariantCulture))));
            return;
        }
        // His own words, also where a smiley was asked: what he says matters more than which button.
        var answer = Store(question, PupilAnswerStatus.Answered, text: words);
        AskAiAboutSafety(answer);
        Next();
    }

    private void Next()
    {
        session.Simplified = false;
        session.Question++;
        if (session.Question >= Band.Questions.Count)
        {
            machine.Fire(Trigger.LastAnswered);
        }
        else
        {
            machine.Fire(Trigger.Answered);
            Present();
        }
    }

    /// <summary>The question in front of the pupil, one at a time, with the buttons that always work.</summary>
    private void Present()
    {
        switch (session.Step)
        {
            case PupilStep.AwaitingCode:
                Say(dialog.Text("ask_code"));
                return;
            case PupilStep.ChoosingCompany:
                AskCompany();
                return;
            case PupilStep.Asking:
                break;
            case PupilStep.Stopped:
                Say(Band.Text("after_stop"));
                return;
            case PupilStep.Finished:
                Say(Band.Text("after_goodbye"));
                return;
            case PupilStep.SafetyStop:
                SaySafetyAgain();
                return;
            default:
                return;
        }
        var question = Current;
        var progress = Band.Text("progress",
            ("number", (session.Question + 1).ToString(CultureInfo.InvariantCulture)),
            ("total", Band.Questions.Count.ToString(CultureInfo.InvariantCulture)));
        var card = new AdaptiveCardBuilder()
            .AddNote(progress)
            .AddText(session.Simplified ? question.Simpler : question.Text, emphasis: true);
        foreach (var option in question.Options)
        {
            card.AddSubmit(option.Title, [new("action", AnswerAction), new("question", question.Id), new("value", option.Id)]);
        }
        card.AddSubmit(Band.Buttons["not_saying"], [new("action", CommandAction), new("question", question.Id), new("command", "not_saying")]);
        if (!session.Simplified)
        {
            card.AddSubmit(Band.Buttons["not_understood"], [new("action", CommandAction), new("question", question.Id), new("command", "not_understood")]);
        }
        replies.Add(new BotReply { AdaptiveCard = card.Build() });
    }

    private PupilAnswer Store(PupilQuestion question, PupilAnswerStatus status, string? text = null, PupilOption? choice = null)
    {
        var record = Record!;
        var answer = new PupilAnswer
        {
            Id = record.Id + "-" + (record.Answers.Count + 1).ToString(CultureInfo.InvariantCulture),
            QuestionId = question.Id,
            Part = question.Part,
            Circle = question.Circle,
            Influence = question.Influence,
            Asked = session.Simplified ? question.Simpler : question.Text,
            Simplified = session.Simplified,
            Status = status,
            Text = text,
            Choice = choice?.Label,
            ScaleValue = choice?.Value,
            TypedBy = Band.WithAdult ? TypedBy.Adult : TypedBy.Pupil,
            At = turn.Now,
        };
        record.Answers.Add(answer);
        changed = true;
        return answer;
    }

    private void SayStopped() => End(PupilConversationEnd.Stopped, "stopped");

    private void SayGoodbye() => End(PupilConversationEnd.Finished, "goodbye");

    private void End(PupilConversationEnd end, string text)
    {
        if (Record is { } record)
        {
            record.End = end;
            record.EndedAt = turn.Now;
            changed = true;
        }
        if (session.Band is not null)
        {
            Say(Band.Text(text));
        }
    }

    private void Reopen()
    {
        if (Record is { } record)
        {
            record.End = null;
            record.EndedAt = null;
            changed = true;
        }
    }

    private void SayHelp()
    {
        Say(session.Band is null ? dialog.Text("code_help") : Band.Text("help"));
        if (session.Step is PupilStep.Asking or PupilStep.ChoosingCompany or PupilStep.AwaitingCode)
        {
            Present();
        }
    }

    // ── Safeguarding ────────────────────────────────────────────────────────────────────────────────────

    /// <summary>
    /// With AI configured, an answer the phrase list found nothing in is checked once more after the turn; a hit comes
    /// back as a follow-up and is handled like a phrase-list hit, and the answer is taken out of the plan.
    /// </summary>
    private void AskAiAboutSafety(PupilAnswer answer)
    {
        if (turn.Drafting is not { IsEnabled: true } drafting || answer.Text is not { } text)
        {
            return;
        }
        var answerId = answer.Id;
        var request = new DisclosureRequest(text, session.Band ?? AgeBand.Groep3To5, opp?.Pupil.Name is { Length: > 0 } name ? [name] : null);
        turn.Documents.After(new FollowUp(DisclosureFollowUp, async cancellationToken =>
        {
            var result = await drafting.ClassifyDisclosureAsync(request, cancellationToken).ConfigureAwait(false);
            // Only a known category counts; "none", a failure or an odd answer leaves the answer where it is.
            var category = result.Succeeded && DisclosureCategories.FromId(result.Text) is { } found ? DisclosureCategories.Id(found) : null;
            return JsonSerializer.SerializeToElement(new DisclosureCheck(answerId, category), PupilFlowJsonContext.Default.DisclosureCheck);
        }, TimeSpan.FromMinutes(1)));
    }

    private async Task ReceiveFollowUpAsync(CancellationToken cancellationToken)
    {
        if (turn.Input.Value is not { } payload)
        {
            return;
        }
        var name = payload.GetProperty("followUp").GetString();
        var ok = payload.GetProperty("ok").GetBoolean();
        if (name == AlertFollowUp)
        {
            if (ok && session.AlertId is { } alertId
                && payload.GetProperty("result").Deserialize(PupilFlowJsonContext.Default.SafeguardingDelivery) is { } delivery)
            {
                await SafeguardingAlerts.RecordDeliveryAsync(turn.Documents, alertId, delivery, turn.Now, cancellationToken).ConfigureAwait(false);
            }
            return;
        }
        if (name != DisclosureFollowUp || !ok || session.Step == PupilStep.SafetyStop
            || payload.GetProperty("result").Deserialize(PupilFlowJsonContext.Default.DisclosureCheck) is not { Category: { } category } check
            || DisclosureCategories.FromId(category) is not { } found)
        {
            return;
        }
        var answer = Record?.Answers.FirstOrDefault(a => a.Id == check.AnswerId);
        var match = new DisclosureMatch(found, null, answer?.Text ?? "");
        if (answer is not null)
        {
            // The words go to the designated person, not into the plan.
            Record!.Answers.Remove(answer);
            changed = true;
        }
        await RaiseAlertAsync(match, DisclosureDetection.Ai, cancellationToken).ConfigureAwait(false);
        machine.Fire(disclose, match);
    }

    private async Task RaiseAlertAsync(DisclosureMatch match, DisclosureDetection detection, CancellationToken cancellationToken)
    {
        var alert = new SafeguardingAlert(turn.Plans.NewDocumentId(), turn.Now, match.Category, detection, match.Sentence, turn.Input.Conversation.Value)
        {
            OppId = opp?.Id,
            Band = session.Band,
            PupilName = opp?.Pupil.Name,
            GroupOrYear = opp?.Pupil.GroupOrYear,
            TeacherKey = opp?.OwnerKey,
        };
        await SafeguardingAlerts.RaiseAsync(turn.Documents, alert, cancellationToken).ConfigureAwait(false);
        session.AlertId = alert.Id;
        if (turn.Notifier.CanNotify)
        {
            var notice = new SafeguardingNotice(alert.Id, Safeguarding.AlertText(alert));
            var notifier = turn.Notifier;
            turn.Documents.After(new FollowUp(AlertFollowUp, async cancellationToken =>
            {
                var delivery = await notifier.NotifyAsync(notice, cancellationToken).ConfigureAwait(false);
                return JsonSerializer.SerializeToElement(delivery, PupilFlowJsonContext.Default.SafeguardingDelivery);
            }, TimeSpan.FromMinutes(2)));
        }
    }

    /// <summary>The calm, honest reply; the questionnaire does not go on, and the plan only says the conversation ended.</summary>
    private void Safeguard(DisclosureMatch match)
    {
        if (Record is { } record)
        {
            record.End = PupilConversationEnd.Interrupted;
            record.EndedAt = turn.Now;
            changed = true;
        }
        Say(Safeguarding.Reply(session.Band ?? AgeBand.Groep3To5));
    }

    private void SaySafetyAgain() => Say(Safeguarding.AfterReply(session.Band ?? AgeBand.Groep3To5));

    private SafeguardingContent Safeguarding => turn.Dialogs.Safeguarding;

    // ── Helpers ─────────────────────────────────────────────────────────────────────────────────────────

    private PupilBandDialog Band => dialog.Band(session.Band ?? AgeBand.Groep3To5);

    private PupilQuestion Current => Band.Questions[Math.Min(session.Question, Band.Questions.Count - 1)];

    private PupilConversationRecord? Record =>
        opp?.PupilVoice?.Conversations.FirstOrDefault(c => c.Id == session.RecordId);

    /// <summary>A button of this question, or a typed label, answer, emoji or number of one of its options.</summary>
    private static PupilOption? OptionOf(TurnInput input, string questionId, IReadOnlyList<PupilOption> options)
    {
        if (input.Kind == InputKind.CardAction)
        {
            var card = input.Value!.Value;
            return Get(card, "action") == AnswerAction && Get(card, "question") == questionId
                ? options.FirstOrDefault(o => o.Id == Get(card, "value"))
                : null;
        }
        var text = input.Text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return options.FirstOrDefault(o => TextMatcher.IsExactly(text, PupilBandDialog.Words(o)) || o.Title == text || (o.Emoji is { } emoji && text == emoji));
    }

    private static string? CommandOf(TurnInput input, string? questionId = null)
    {
        if (input.Kind != InputKind.CardAction || input.Value is not { } card || Get(card, "action") != CommandAction)
        {
            return null;
        }
        return questionId is null || Get(card, "question") == questionId ? Get(card, "command") : null;
    }

    private static string? Get(JsonElement card, string key) => CardValues.String(card, key);

    private void Say(string text) => replies.Add(BotReply.FromText(text));
}

/// <summary>What the AI's safety check of one answer carries back: the answer, and a category id or null.</summary>
internal sealed record DisclosureCheck(string AnswerId, string? Category);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(DisclosureCheck))]
[System.Text.Json.Serialization.JsonSerializable(typeof(SafeguardingDelivery))]
internal sealed partial class PupilFlowJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
