using OppAssistant.Core.Content;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Review;

/// <summary>The states of the coordinator's review in the chat. <see cref="Review"/> is the super-state: help works everywhere.</summary>
public enum CoordinatorStep
{
    Review,

    /// <summary>The queue is shown: plans in review, plans ready to adopt, notices.</summary>
    Queue,

    /// <summary>One plan is open, with its checklist, changes, comments and actions.</summary>
    Plan,

    /// <summary>Typed "opmerking": which section the comment is about.</summary>
    ChoosingSection,

    /// <summary>The section is chosen: the next message is the comment.</summary>
    WritingComment,

    /// <summary>Typed "terugsturen": the next message is the reason.</summary>
    WritingReason,

    /// <summary>The super-state of the three steps above; never the step a session is in.</summary>
    Writing,
}

/// <summary>
/// What this conversation keeps of the coordinator's review: where it stands, which plan is open, the section of a
/// comment being typed, and the plan ids of the last numbered list (so a typed number opens the plan it showed). Ids
/// only: no plan text, no comment.
/// </summary>
public sealed class CoordinatorSession
{
    public CoordinatorStep Step { get; set; } = CoordinatorStep.Queue;

    public string? OppId { get; set; }

    public DraftSectionKind? CommentSection { get; set; }

    public List<string> Listed { get; set; } = [];
}

/// <summary>What one turn of the coordinator's review works with.</summary>
public sealed record CoordinatorTurn(
    CoordinatorSession Session, TurnInput Input, DialogCatalog Dialogs, OppRepository Plans, TurnDocuments Documents, ReviewService Review, DateTimeOffset Now)
{
    /// <summary>The review page's signed address for a plan, when the web host offers the page.</summary>
    public IReviewLinks Links { get; init; } = new NoReviewLinks();

    /// <summary>Tells the teacher at once after a return or approval, when her channel can be reached; resolved when the nudge runs.</summary>
    public Func<IProactiveTurns> Proactive { get; init; } = static () => new NoProactiveTurns();
}
