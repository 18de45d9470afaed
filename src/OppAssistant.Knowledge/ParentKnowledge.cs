using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OppAssistant.Core;
using OppAssistant.Core.Parent;

namespace OppAssistant.Knowledge;

/// <summary>
/// Core's <see cref="IParentKnowledge"/> over the Dutch cards and their Lucene search: built once at start, shared by
/// every turn. Only the public KnowledgeBase/KnowledgeSearch API is used.
/// </summary>
public sealed class ParentKnowledge : IParentKnowledge, IDisposable
{
    private readonly KnowledgeBase knowledge;
    private readonly KnowledgeSearch search;
    private readonly Dictionary<string, ParentKnowledgeCard> views;

    public ParentKnowledge(KnowledgeBase knowledge, KnowledgeSearchOptions? options = null)
    {
        this.knowledge = knowledge;
        search = KnowledgeSearch.Build(knowledge, KnowledgeBase.Dutch, options);
        views = knowledge.Cards(KnowledgeBase.Dutch).ToDictionary(c => c.Id, View, StringComparer.Ordinal);
    }

    /// <summary>Loads and validates &lt;directory&gt;/nl (and synonyms.yaml); throws <see cref="KnowledgeException"/> naming each file and problem.</summary>
    public static ParentKnowledge Load(string directory) => new(KnowledgeBase.Load(directory));

    public ParentKnowledgeAnswer Ask(string question) =>
        search.Decide(question) is KnowledgeDecision.Answer answer && views.TryGetValue(answer.Card.Id, out var card)
            ? new ParentKnowledgeAnswer.Found(card)
            : ParentKnowledgeAnswer.NotKnown;

    public ParentKnowledgeCard? Card(string id) => views.GetValueOrDefault(id);

    public void Dispose() => search.Dispose();

    private ParentKnowledgeCard View(KnowledgeCard card) => new(
        card.Id,
        card.Title,
        card.Body,
        card.Sources,
        card.LastChecked,
        card.HoldsNow,
        card.Related.Select(id => knowledge.Find(id)).OfType<KnowledgeCard>().Select(r => new ParentKnowledgeLink(r.Id, r.Title)).ToList());
}

public static class ParentKnowledgeServiceCollectionExtensions
{
    /// <summary>
    /// The parents' knowledge cards for the Q&amp;A, from <c>Content:KnowledgeDirectory</c> (default: knowledge/ next to
    /// the application). Loaded and validated on start: a broken card stops the service with the file and the problem.
    /// </summary>
    public static IServiceCollection AddParentKnowledge(this IServiceCollection services)
    {
        services.AddSingleton<ParentKnowledgeLoader>();
        services.AddSingleton<IValidateOptions<ContentOptions>, ParentKnowledgeValidator>();
        services.AddSingleton<IParentKnowledge>(sp =>
            sp.GetRequiredService<ParentKnowledgeLoader>().Get(sp.GetRequiredService<IOptions<ContentOptions>>().Value.ResolvedKnowledgeDirectory));
        return services;
    }
}

/// <summary>Loads the cards once: the start-up validation and the singleton share the same load.</summary>
internal sealed class ParentKnowledgeLoader : IDisposable
{
    private readonly Lock gate = new();
    private (string Directory, ParentKnowledge Knowledge)? loaded;

    public ParentKnowledge Get(string directory)
    {
        lock (gate)
        {
            if (loaded is { } done && done.Directory == directory)
            {
                return done.Knowledge;
            }
            var knowledge = ParentKnowledge.Load(directory);
            loaded?.Knowledge.Dispose();
            loaded = (directory, knowledge);
            return knowledge;
        }
    }

    public void Dispose() => loaded?.Knowledge.Dispose();
}

internal sealed class ParentKnowledgeValidator(ParentKnowledgeLoader loader) : IValidateOptions<ContentOptions>
{
    public ValidateOptionsResult Validate(string? name, ContentOptions options)
    {
        try
        {
            loader.Get(options.ResolvedKnowledgeDirectory);
            return ValidateOptionsResult.Success;
        }
        catch (KnowledgeException e)
        {
            return ValidateOptionsResult.Fail($"Content:KnowledgeDirectory: {e.Message}");
        }
    }
}
