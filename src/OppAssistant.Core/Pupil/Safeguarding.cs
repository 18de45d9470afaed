namespace OppAssistant.Core.Pupil;

/// <summary>What a pupil's words may disclose; any of these stops the questionnaire and alerts the designated person.</summary>
public enum DisclosureCategory
{
    /// <summary>Abuse or neglect by anyone (mishandeling, misbruik, verwaarlozing).</summary>
    Abuse,

    /// <summary>Violence at home (huiselijk geweld).</summary>
    HomeViolence,

    /// <summary>Hurting oneself (zelfbeschadiging).</summary>
    SelfHarm,

    /// <summary>Thoughts of suicide or of wanting to be dead.</summary>
    Suicidal,
}

/// <summary>The ids of the categories in dialogs/safeguarding.yaml and in the AI classifier's answer.</summary>
public static class DisclosureCategories
{
    /// <summary>The classifier's answer when the words suggest none of the categories.</summary>
    public const string None = "none";

    /// <summary>"abuse", "home_violence", "self_harm", "suicidal".</summary>
    public static string Id(DisclosureCategory category) => category switch
    {
        DisclosureCategory.Abuse => "abuse",
        DisclosureCategory.HomeViolence => "home_violence",
        DisclosureCategory.SelfHarm => "self_harm",
        DisclosureCategory.Suicidal => "suicidal",
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };

    /// <summary>The category of an id (exactly, without case); null for <see cref="None"/> and anything unknown.</summary>
    public static DisclosureCategory? FromId(string? id) =>
        Enum.GetValues<DisclosureCategory>().Cast<DisclosureCategory?>().FirstOrDefault(c => string.Equals(Id(c!.Value), id, StringComparison.OrdinalIgnoreCase));

    public static IReadOnlyList<string> Ids { get; } = [.. Enum.GetValues<DisclosureCategory>().Select(Id)];
}

/// <summary>How a disclosure was found.</summary>
public enum DisclosureDetection
{
    /// <summary>The phrase list in dialogs/safeguarding.yaml, at once, inside the turn.</summary>
    PhraseList,

    /// <summary>The AI classifier, when AI is configured, as a follow-up after the turn.</summary>
    Ai,
}

/// <param name="Category">What the words suggest.</param>
/// <param name="PhraseId">Which entry of the phrase list matched (null for the AI classifier).</param>
/// <param name="Sentence">Only the sentence that matched, no more of the answer: it goes to the designated person.</param>
public sealed record DisclosureMatch(DisclosureCategory Category, string? PhraseId, string Sentence);

/// <summary>
/// A message for the school's designated person (aandachtsfunctionaris) about a stored alert. The text is already
/// rendered from dialogs/ by the core; the channel adapter only delivers it.
/// </summary>
/// <param name="AlertId">The stored alert (collection <c>safeguarding-alerts</c>).</param>
/// <param name="Text">The Dutch message, Markdown; it names the pupil (first name or pseudonym) and the category, never the pupil's words.</param>
public sealed record SafeguardingNotice(string AlertId, string Text);

/// <summary>How many designated persons were reached, and how many could not be.</summary>
public sealed record SafeguardingDelivery(int Delivered, int Failed);

/// <summary>
/// Delivers a <see cref="SafeguardingNotice"/> to the designated persons through a channel (Teams). The alert is
/// stored either way and shown in the coordinator's list; delivery is on top of that.
/// </summary>
public interface ISafeguardingNotifier
{
    /// <summary>False when no channel is configured: the alert is then only in the coordinator's list.</summary>
    bool CanNotify { get; }

    /// <summary>Never throws for a delivery failure (it is counted in <see cref="SafeguardingDelivery.Failed"/>); only the caller's cancellation throws.</summary>
    Task<SafeguardingDelivery> NotifyAsync(SafeguardingNotice notice, CancellationToken cancellationToken);
}

/// <summary>The default: no channel configured.</summary>
public sealed class NoSafeguardingNotifier : ISafeguardingNotifier
{
    public bool CanNotify => false;

    public Task<SafeguardingDelivery> NotifyAsync(SafeguardingNotice notice, CancellationToken cancellationToken) =>
        Task.FromResult(new SafeguardingDelivery(0, 0));
}
