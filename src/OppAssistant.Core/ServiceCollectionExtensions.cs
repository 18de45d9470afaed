using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Pupil;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core;

/// <summary>Where the content files are; validated on start by loading them.</summary>
public sealed class ContentOptions
{
    public const string SectionName = "Content";

    /// <summary>The dialogs/ folder. Empty means the copy next to the application.</summary>
    public string DialogsDirectory { get; set; } = "";

    public string ResolvedDialogsDirectory =>
        string.IsNullOrWhiteSpace(DialogsDirectory) ? Path.Combine(AppContext.BaseDirectory, "dialogs") : DialogsDirectory;

    /// <summary>The knowledge/ folder of the parents' question cards (nl/, en/, synonyms.yaml). Empty means the copy next to the application.</summary>
    public string KnowledgeDirectory { get; set; } = "";

    public string ResolvedKnowledgeDirectory =>
        string.IsNullOrWhiteSpace(KnowledgeDirectory) ? Path.Combine(AppContext.BaseDirectory, "knowledge") : KnowledgeDirectory;

    /// <summary>
    /// The school's basisondersteuning (what every pupil gets), a UTF-8 text or Markdown file. Empty means none. A
    /// plan that copies it is pointed out: the plan should refer to it, not repeat it (faq-brief §3.3).
    /// </summary>
    public string StandardOfferFile { get; set; } = "";

    /// <summary>
    /// Where pupils and parents open the web chat: the school website page that embeds it, or this service's own page.
    /// The teacher passes it on with a pupil's code.
    /// </summary>
    public string WebChatUrl { get; set; } = "http://localhost:5180/";
}

/// <summary>The paragraphs of the school's basisondersteuning (<see cref="ContentOptions.StandardOfferFile"/>), for the language checks.</summary>
public sealed record StandardOffer(IReadOnlyList<string> Paragraphs)
{
    private ReferenceTexts? prepared;

    /// <summary>The paragraphs indexed once for the language checks; null when the school configured none.</summary>
    public ReferenceTexts? For(LanguageChecks checks) => Paragraphs.Count == 0 ? null : prepared ??= checks.Prepare(Paragraphs);

    public static StandardOffer Load(string path) =>
        string.IsNullOrWhiteSpace(path)
            ? new StandardOffer([])
            : new StandardOffer(File.ReadAllText(path).ReplaceLineEndings("\n").Split("\n\n")
                .Select(p => p.Trim()).Where(p => p.Length > 0).ToList());
}

internal sealed class ContentOptionsValidator : IValidateOptions<ContentOptions>
{
    public ValidateOptionsResult Validate(string? name, ContentOptions options)
    {
        try
        {
            DialogCatalog.Load(options.ResolvedDialogsDirectory);
            if (!Uri.TryCreate(options.WebChatUrl, UriKind.Absolute, out var chat) || chat.Scheme is not ("https" or "http"))
            {
                return ValidateOptionsResult.Fail($"Content:WebChatUrl: '{options.WebChatUrl}' is not an http(s) address.");
            }
            return string.IsNullOrWhiteSpace(options.StandardOfferFile) || File.Exists(options.StandardOfferFile)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"Content:StandardOfferFile: the file '{options.StandardOfferFile}' does not exist.");
        }
        catch (ContentException e)
        {
            return ValidateOptionsResult.Fail($"Content:DialogsDirectory: {e.Message}");
        }
    }
}

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// The conversation: content, the bot, and the turn pipeline. Needs an IDocumentStore. Drafting help is off
    /// (<see cref="NoDraftingAssistant"/>) unless a drafting project registers its own IDraftingAssistant; safeguarding
    /// alerts reach nobody beyond the coordinator's list (<see cref="NoSafeguardingNotifier"/>) unless a channel
    /// adapter registers its own ISafeguardingNotifier.
    /// </summary>
    public static OptionsBuilder<ContentOptions> AddConversation(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IValidateOptions<ContentOptions>, ContentOptionsValidator>();
        services.AddSingleton(sp => DialogCatalog.Load(sp.GetRequiredService<IOptions<ContentOptions>>().Value.ResolvedDialogsDirectory));
        services.AddSingleton<ConversationLocks>();
        services.TryAddSingleton<RandomSource>();
        services.AddSingleton(sp => StandardOffer.Load(sp.GetRequiredService<IOptions<ContentOptions>>().Value.StandardOfferFile));
        services.AddSingleton<OppRepository>();
        services.AddSingleton<Lifecycle.LifecycleService>();
        services.AddSingleton<Review.ReviewService>();
        services.AddSingleton<Storage.DocumentTransaction>();
        // Notices wait for the next message unless a channel adapter can start a turn itself.
        services.TryAddSingleton<IProactiveTurns, NoProactiveTurns>();
        // The bot takes it as a factory: an adapter's implementation runs turns, so it needs the bot itself.
        services.TryAddSingleton<Func<IProactiveTurns>>(sp => sp.GetRequiredService<IProactiveTurns>);
        // Nobody is a coordinator unless a channel adapter says who is (section Review).
        services.TryAddSingleton<Review.ICoordinatorDirectory, Review.NoCoordinators>();
        // No review page unless the web host offers one.
        services.TryAddSingleton<Review.IReviewLinks, Review.NoReviewLinks>();
        services.AddSingleton<Pupil.PupilInvitations>();
        services.AddSingleton<Parent.ParentInvitations>();
        services.AddSingleton<IConversationBot, SessionBot>();
        services.AddSingleton<ITurnPipeline, TurnPipeline>();
        services.TryAddSingleton<IDraftingAssistant, NoDraftingAssistant>();
        // Alerts are stored either way; a channel adapter replaces this to also notify the designated persons.
        services.TryAddSingleton<ISafeguardingNotifier, NoSafeguardingNotifier>();
        return services.AddOptions<ContentOptions>().ValidateOnStart();
    }
}
