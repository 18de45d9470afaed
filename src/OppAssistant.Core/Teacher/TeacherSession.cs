using OppAssistant.Core.Content;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Teacher;

/// <summary>
/// The states of the teacher's conversation. <see cref="Drafting"/> is the super-state of the phases, the summary
/// and the finished draft: help, pause, show, edit, back and the plan list work in all of them.
/// </summary>
public enum TeacherStep
{
    /// <summary>The super-state of all others: the plan list, a new or another plan, and help work everywhere.</summary>
    Session,

    /// <summary>No plan open: the teacher chooses one of her plans, types a resume code, or starts a new one.</summary>
    NoPlan,
    Paused,
    Drafting,
    Start,
    Overview,
    Insight,
    Outlook,
    Summary,
    Finished,

    /// <summary>Weighing the pupil's voice: per contribution, used or not and why (or how he was involved otherwise).</summary>
    Hearing,
}

/// <summary>
/// What this conversation keeps of the teacher's flow: which plan is open and what the next answer means. Where
/// the plan itself stands lives in the plan (<see cref="DraftProgress"/>), so another conversation can continue it.
/// </summary>
public sealed class TeacherSession
{
    public TeacherStep Step { get; set; } = TeacherStep.NoPlan;

    public string? OppId { get; set; }

    /// <summary>An earlier answer being changed (after "terug", "aanpassen" or a guard); answering returns to the frontier.</summary>
    public QuestionRef? Editing { get; set; }

    /// <summary>The bot asked which numbered answer to change.</summary>
    public bool PickingEdit { get; set; }

    /// <summary>What this conversation last asked; an answer to a plan that moved on elsewhere since is not stored.</summary>
    public DraftPosition? LastAsked { get; set; }

    /// <summary>How far "terug" has gone into <see cref="DraftProgress.Answered"/>, while going back.</summary>
    public int? BackIndex { get; set; }

    /// <summary>The bot asked for which age band to make a pupil's code (the plan's group did not say).</summary>
    public bool ChoosingBand { get; set; }

    /// <summary>An evaluation of the open plan while it runs (<see cref="Evaluation.EvaluationFlow"/>); it takes her messages first.</summary>
    public Evaluation.EvaluationSession? Evaluation { get; set; }
}

/// <summary>What one turn of the teacher's flow works with.</summary>
public sealed record TeacherTurn(
    TeacherSession Session, TurnInput Input, DialogCatalog Dialogs, OppRepository Plans, TurnDocuments Documents, DateTimeOffset Now,
    Drafting.IDraftingAssistant Drafting)
{
    /// <summary>Lifecycle steps on her plans (the evaluation takes the step Evaluate).</summary>
    public Lifecycle.LifecycleService? Lifecycle { get; init; }

    /// <summary>The school's basisondersteuning, compared with what she writes.</summary>
    public StandardOffer StandardOffer { get; init; } = new([]);

    /// <summary>The pupil's codes: the teacher invites him from her plan.</summary>
    public Pupil.PupilInvitations? Invitations { get; init; }

    /// <summary>The parents' codes: one per parent with gezag, made from her plan.</summary>
    public Parent.ParentInvitations? ParentInvitations { get; init; }

    /// <summary>Where the pupil opens the web chat (<see cref="ContentOptions.WebChatUrl"/>).</summary>
    public string WebChatUrl { get; init; } = "";

    /// <summary>The review: "indienen" offers the open plan to the coordinator; null where no review is wired.</summary>
    public Review.ReviewService? Review { get; init; }
}
