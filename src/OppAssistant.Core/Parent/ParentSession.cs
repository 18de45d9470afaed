using OppAssistant.Core.Content;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Parent;

/// <summary>The states of the parent's questions and answers.</summary>
public enum ParentStep
{
    /// <summary>The parent role was not entered yet in this conversation.</summary>
    New,

    /// <summary>Introduced: every message is a question.</summary>
    Asking,
}

/// <summary>
/// What this conversation keeps of the parent's Q&amp;A: where it stands and which card was shown last (so a typed
/// related question opens that card). Never the parent's question: the Q&amp;A is anonymous and keeps no text.
/// </summary>
public sealed class ParentSession
{
    public ParentStep Step { get; set; } = ParentStep.New;

    /// <summary>The id of the knowledge card shown last, if any.</summary>
    public string? LastCardId { get; set; }
}

/// <summary>What one turn of the parent's flow works with.</summary>
public sealed record ParentTurn(ParentSession Session, TurnInput Input, DialogCatalog Dialogs, IParentKnowledge Knowledge);
