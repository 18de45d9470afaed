namespace OppAssistant.Core.Parent;

/// <summary>
/// The parents' knowledge cards, as the parent's Q&amp;A sees them: a question in the parent's own words gives the best
/// card or an honest "do not know". Implemented next to the search (OppAssistant.Knowledge), so Core never sees Lucene.
/// Built once at start and shared: every method must be safe to call from many turns at once.
/// </summary>
public interface IParentKnowledge
{
    /// <summary>The card that answers <paramref name="question"/>, or <see cref="ParentKnowledgeAnswer.DoNotKnow"/> when none fits well enough.</summary>
    ParentKnowledgeAnswer Ask(string question);

    /// <summary>The card with this id (a related-question button), or null when there is none.</summary>
    ParentKnowledgeCard? Card(string id);
}

/// <summary>Another card offered under an answer, as a question the parent may ask next.</summary>
public sealed record ParentKnowledgeLink(string Id, string Title);

/// <summary>One knowledge card: its question as title, the answer (Markdown), where it comes from and when it was checked.</summary>
public sealed record ParentKnowledgeCard(
    string Id,
    string Title,
    string Body,
    IReadOnlyList<string> Sources,
    DateOnly LastChecked,
    string? HoldsNow,
    IReadOnlyList<ParentKnowledgeLink> Related);

/// <summary>What the knowledge says to one question: a card, or that no card fits well enough (never a guess).</summary>
public abstract record ParentKnowledgeAnswer
{
    private ParentKnowledgeAnswer()
    {
    }

    public sealed record Found(ParentKnowledgeCard Card) : ParentKnowledgeAnswer;

    public sealed record DoNotKnow : ParentKnowledgeAnswer;

    public static ParentKnowledgeAnswer NotKnown { get; } = new DoNotKnow();
}

/// <summary>No knowledge configured: every question gets the honest "do not know" with the referral.</summary>
public sealed class NoParentKnowledge : IParentKnowledge
{
    public ParentKnowledgeAnswer Ask(string question) => ParentKnowledgeAnswer.NotKnown;

    public ParentKnowledgeCard? Card(string id) => null;
}
