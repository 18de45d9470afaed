using OppAssistant.Core.Content;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Pupil;

/// <summary>
/// The states of the pupil's conversation. <see cref="Conversation"/> is the super-state of all but
/// <see cref="SafetyStop"/>: a disclosure ends the questionnaire from anywhere. <see cref="Talking"/> holds the
/// company question and the questions: there "stop" works.
/// </summary>
public enum PupilStep
{
    Conversation,

    /// <summary>Waiting for the code from the teacher.</summary>
    AwaitingCode,
    Talking,

    /// <summary>Alone or with someone (groep 1–2: who sits with the child).</summary>
    ChoosingCompany,

    /// <summary>One question at a time.</summary>
    Asking,

    /// <summary>The pupil said stop; "verder" carries on.</summary>
    Stopped,
    Finished,

    /// <summary>The pupil's words suggested harm: the questionnaire does not go on.</summary>
    SafetyStop,
}

/// <summary>
/// What this conversation keeps of the pupil's flow: which plan and conversation record, the band, and the question.
/// No answer text: the answers live in the plan (<see cref="PupilVoice"/>), the alert apart from it.
/// </summary>
public sealed class PupilSession
{
    public PupilStep Step { get; set; } = PupilStep.AwaitingCode;

    public string? OppId { get; set; }

    /// <summary>The <see cref="PupilConversationRecord.Id"/> of this conversation in the plan.</summary>
    public string? RecordId { get; set; }

    public AgeBand? Band { get; set; }

    /// <summary>The index of the question being asked in the band's list.</summary>
    public int Question { get; set; }

    /// <summary>The current question was asked again in simpler words.</summary>
    public bool Simplified { get; set; }

    /// <summary>Codes that did not work in this conversation; after a few, no more are tried.</summary>
    public int WrongCodes { get; set; }

    public string? AlertId { get; set; }
}

/// <summary>What one turn of the pupil's flow works with.</summary>
public sealed record PupilTurn(
    PupilSession Session,
    TurnInput Input,
    DialogCatalog Dialogs,
    OppRepository Plans,
    PupilInvitations Invitations,
    TurnDocuments Documents,
    DateTimeOffset Now,
    Drafting.IDraftingAssistant Drafting,
    ISafeguardingNotifier Notifier);
