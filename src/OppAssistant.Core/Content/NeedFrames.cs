using System.Text.RegularExpressions;
using OppAssistant.Core.Opp;

namespace OppAssistant.Core.Content;

/// <summary>A category of a hulpzin ("instructie", "feedback", …): its button and the words that start the need.</summary>
public sealed record NeedCategory(string Key, string Label, string Lead);

/// <summary>One hulpzin: the frame as the handreiking words it, and how a need is composed from it.</summary>
public sealed record NeedFrame(NeedKind Kind, string Title, string Who, string Frame, string Sentence, string Source, IReadOnlyList<NeedCategory> Categories)
{
    public NeedCategory? Category(string key) => Categories.FirstOrDefault(c => c.Key == key);
}

/// <summary>A ready ending for a hulpzin, offered when a factor mentions one of its words.</summary>
public sealed record NeedSuggestion(NeedKind Kind, string Category, string Completion, IReadOnlyList<string> When, bool Always);

/// <summary>
/// prompts/hulpzinnen.yaml and prompts/need-suggestions.yaml: the four hulpzinnen of the handreiking, the pupil's
/// own sentence, and the curated endings the teacher can pick. Loaded and checked at start with the dialogs.
/// </summary>
public sealed partial record NeedFrames(IReadOnlyList<NeedFrame> Frames, NeedFrame Pupil, IReadOnlyList<NeedSuggestion> Suggestions)
{
    private static readonly string[] SentencePlaceholders = ["goal", "pupil", "category", "completion"];
    private static readonly string[] PupilPlaceholders = ["category", "completion"];

    private static readonly (string Key, NeedKind Kind)[] Kinds =
    [
        ("educational", NeedKind.Educational), ("parenting", NeedKind.Parenting),
        ("teacher_support", NeedKind.TeacherSupport), ("parent_support", NeedKind.ParentSupport),
    ];

    public NeedFrame For(NeedKind kind) => Frames.First(f => f.Kind == kind);

    public static string KeyOf(NeedKind kind) => Kinds.First(k => k.Kind == kind).Key;

    /// <summary>
    /// Up to <paramref name="max"/> endings for this kind and category whose words occur in the factors, else the
    /// category's general ones.
    /// </summary>
    public IReadOnlyList<NeedSuggestion> Suggest(NeedKind kind, string category, IEnumerable<string> factorTexts, int max = 3)
    {
        var candidates = Suggestions.Where(s => s.Kind == kind && s.Category == category).ToList();
        var words = " " + string.Join(" ", factorTexts.Select(TextMatcher.Normalize)) + " ";
        var fitting = candidates.Where(s => s.When.Any(w => words.Contains(" " + TextMatcher.Normalize(w), StringComparison.Ordinal))).ToList();
        return (fitting.Count > 0 ? fitting : candidates.Where(s => s.Always)).Take(max).ToList();
    }

    /// <summary>The need as one sentence: the hulpzin with the goal, the pupil, the category and the teacher's ending.</summary>
    public string Compose(NeedKind kind, string categoryKey, string goal, string pupil, string completion)
    {
        var frame = For(kind);
        var category = frame.Category(categoryKey) ?? throw new ArgumentException($"No category {categoryKey} for {kind}", nameof(categoryKey));
        var ending = LeadingDie().Replace(completion.Trim(), "").TrimEnd('.', ' ');
        return frame.Sentence
            .Replace("{goal}", goal.Trim().TrimEnd('.'), StringComparison.Ordinal)
            .Replace("{pupil}", pupil, StringComparison.Ordinal)
            .Replace("{category}", category.Lead, StringComparison.Ordinal)
            .Replace("{completion}", ending, StringComparison.Ordinal) + ".";
    }

    internal static NeedFrames Read(YamlFile frames, YamlFile suggestions)
    {
        var framesNode = frames.Mapping(frames.Root, "frames");
        var keys = YamlFile.Entries(framesNode).Select(e => e.Key).ToList();
        if (!keys.SequenceEqual(Kinds.Select(k => k.Key)))
        {
            throw ContentException.At(frames.Path, framesNode, $"frames must be exactly {string.Join(", ", Kinds.Select(k => k.Key))}, in this order");
        }
        var list = Kinds.Select(k => ReadFrame(frames, frames.Mapping(framesNode, k.Key), k.Kind, SentencePlaceholders)).ToList();
        var pupil = ReadFrame(frames, frames.Mapping(frames.Root, "pupil"), NeedKind.Educational, PupilPlaceholders, titled: false);

        var read = new List<NeedSuggestion>();
        foreach (var node in suggestions.Mappings(suggestions.Root, "suggestions"))
        {
            var kindKey = suggestions.String(node, "kind");
            if (Kinds.All(k => k.Key != kindKey))
            {
                throw ContentException.At(suggestions.Path, node, $"unknown kind '{kindKey}'");
            }
            var kind = Kinds.First(k => k.Key == kindKey).Kind;
            var category = suggestions.String(node, "category");
            if (list.First(f => f.Kind == kind).Category(category) is null)
            {
                throw ContentException.At(suggestions.Path, node, $"'{category}' is not a category of {kindKey} in prompts/hulpzinnen.yaml");
            }
            read.Add(new NeedSuggestion(kind, category, suggestions.String(node, "completion"), suggestions.Strings(node, "when"), suggestions.Bool(node, "always", fallback: false)));
        }
        foreach (var frame in list.Where(f => !read.Any(s => s.Kind == f.Kind && s.Always)))
        {
            throw ContentException.At(suggestions.Path, suggestions.Root, $"{KeyOf(frame.Kind)} needs at least one suggestion with always: true");
        }
        return new NeedFrames(list, pupil, read);
    }

    private static NeedFrame ReadFrame(YamlFile file, YamlDotNet.RepresentationModel.YamlMappingNode node, NeedKind kind, string[] placeholders, bool titled = true)
    {
        var sentence = file.String(node, "sentence");
        var used = Placeholder().Matches(sentence).Select(m => m.Groups[1].Value).Distinct().Order().ToList();
        if (!used.SequenceEqual(placeholders.Order()))
        {
            throw ContentException.At(file.Path, node, $"'sentence' must use exactly the placeholders {{{string.Join("}, {", placeholders)}}}");
        }
        var categories = file.Mappings(node, "categories").Select(c => new NeedCategory(file.String(c, "key"), file.String(c, "label"), file.String(c, "lead"))).ToList();
        if (categories.GroupBy(c => c.Key).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw ContentException.At(file.Path, node, $"category '{twice.Key}' is listed twice");
        }
        return new NeedFrame(
            kind,
            titled ? file.String(node, "title") : "",
            titled ? file.String(node, "who") : "",
            file.String(node, "frame"),
            sentence,
            file.String(node, "source"),
            categories);
    }

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^(die|dat)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingDie();
}
