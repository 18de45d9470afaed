using OppAssistant.Core.Content;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Parent;

/// <summary>
/// The states of a parent's part of the plan. <see cref="Conversation"/> is the super-state; from <see cref="Label"/>
/// to <see cref="Reasons"/> the flow owns the conversation (<see cref="ParentPlanSession.OwnsConversation"/>).
/// </summary>
public enum ParentPlanStep
{
    Conversation,

    /// <summary>No code accepted yet.</summary>
    AwaitingCode,

    /// <summary>Moeder, vader, verzorger: a label, never a name.</summary>
    Label,

    /// <summary>Gezag, yes or no.</summary>
    Custody,

    /// <summary>What goes well at home; "nog een?" after each.</summary>
    GoesWell,

    /// <summary>What is hard at home; "nog een?" after each.</summary>
    Hard,

    /// <summary>A hulpzin for one goal and kind: which kind of help (or on to the next).</summary>
    NeedCategory,

    /// <summary>The parent completes the hulpzin.</summary>
    NeedCompletion,

    /// <summary>The parent's view (zienswijze); a parent with gezag has read the handelingsdeel first.</summary>
    Zienswijze,

    /// <summary>Akkoord or niet akkoord with the handelingsdeel (parents with gezag only).</summary>
    Consent,

    /// <summary>Why: required for niet akkoord, optional for akkoord.</summary>
    Reasons,

    Finished,

    /// <summary>The parent chose another role before the end; the code is used.</summary>
    Left,
}

/// <summary>
/// What this conversation keeps of the parent's flow: which plan and contribution, and where. No answer text:
/// the answers live in the plan (<see cref="ParentPart"/>).
/// </summary>
public sealed class ParentPlanSession
{
    public ParentPlanStep Step { get; set; } = ParentPlanStep.AwaitingCode;

    public string? OppId { get; set; }

    /// <summary>The <see cref="ParentContribution.Id"/> of this parent in the plan.</summary>
    public string? ParentId { get; set; }

    /// <summary>An answer was stored and "nog een?" was asked.</summary>
    public bool AskingMore { get; set; }

    /// <summary>Which kind of need (0 opvoedbehoeften, 1 the parents' own) and for which goal (index into the goals with a description).</summary>
    public int NeedKind { get; set; }

    public int NeedGoal { get; set; }

    /// <summary>The category of the hulpzin being completed.</summary>
    public string? NeedCategory { get; set; }

    /// <summary>The decision waiting for its reasons.</summary>
    public ConsentDecision? Decision { get; set; }

    /// <summary>Codes that were used or expired in this conversation; after a few, no more are tried.</summary>
    public int WrongCodes { get; set; }

    /// <summary>Between the code and the end the flow answers every message; "andere rol" leaves it.</summary>
    public bool OwnsConversation => Step is not (ParentPlanStep.AwaitingCode or ParentPlanStep.Finished or ParentPlanStep.Left);
}

/// <summary>What one turn of the parent's flow works with.</summary>
public sealed record ParentPlanTurn(
    ParentPlanSession Session,
    TurnInput Input,
    DialogCatalog Dialogs,
    OppRepository Plans,
    ParentInvitations Invitations,
    TurnDocuments Documents,
    DateTimeOffset Now);
