namespace OppAssistant.Knowledge;

/// <summary>One answer card of knowledge/&lt;language&gt;/&lt;id&gt;.md: front matter and a short Markdown answer.</summary>
/// <param name="Id">Lower-kebab-case, equal to the file name without .md.</param>
/// <param name="Language">The folder the card came from: "nl" or "en".</param>
/// <param name="AlsoAsked">3–6 other ways a parent asks this question.</param>
/// <param name="Related">2–3 ids of other cards of the same language, offered as follow-up questions.</param>
/// <param name="Sources">Where the answer comes from; at least one.</param>
/// <param name="HoldsNow">Optional note on what holds at the moment (e.g. a law not yet in force).</param>
/// <param name="Body">The answer as Markdown, without the front matter.</param>
/// <param name="File">The file the card was read from, for messages.</param>
public sealed record KnowledgeCard(
    string Id,
    string Language,
    string Title,
    string Topic,
    IReadOnlyList<string> AlsoAsked,
    IReadOnlyList<string> Keywords,
    IReadOnlyList<string> Related,
    IReadOnlyList<string> Sources,
    DateOnly LastChecked,
    string? HoldsNow,
    string Body,
    string File);

/// <summary>The fixed topics a card belongs to (issue 6).</summary>
public static class KnowledgeTopics
{
    public static IReadOnlyList<string> All { get; } =
    [
        "opp-basis", "onderdelen", "instemming-oogo", "termijnen-evaluatie", "hoorrecht", "privacy",
        "onenigheid-geschillen", "ondersteuning-aanbod", "maatwerk-onderwijstijd", "overstap", "begaafdheid",
        "diagnoses-labels",
    ];

    public static bool IsKnown(string topic) => All.Contains(topic, StringComparer.Ordinal);
}

/// <summary>One problem in one file of knowledge/.</summary>
public sealed record KnowledgeProblem(string File, string Problem)
{
    public override string ToString() => $"{File}: {Problem}";
}

/// <summary>The cards (or the synonyms file) are not valid; <see cref="Problems"/> names each file and problem.</summary>
public sealed class KnowledgeException : Exception
{
    public KnowledgeException(IReadOnlyList<KnowledgeProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    public KnowledgeException(string file, string problem)
        : this([new KnowledgeProblem(file, problem)])
    {
    }

    public IReadOnlyList<KnowledgeProblem> Problems { get; }

    private static string Describe(IReadOnlyList<KnowledgeProblem> problems) => problems.Count == 1
        ? problems[0].ToString()
        : $"{problems.Count} problems in the knowledge cards:{Environment.NewLine}" + string.Join(Environment.NewLine, problems.Select(p => "  " + p));
}
