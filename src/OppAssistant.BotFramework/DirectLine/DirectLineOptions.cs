using Microsoft.Extensions.Options;

namespace OppAssistant.BotFramework.DirectLine;

/// <summary>Settings of the self-hosted Direct Line (section <c>DirectLine</c>).</summary>
public sealed class DirectLineOptions
{
    public const string SectionName = "DirectLine";

    /// <summary>The largest activity a client may post; Web Chat's own messages are a few KB.</summary>
    public const int MaxActivityBytes = 256 * 1024;

    /// <summary>Open WebSockets per conversation: Web Chat needs one (a few with several tabs); more is abuse of one token.</summary>
    public const int MaxStreamsPerConversation = 4;

    /// <summary>
    /// Base64 HMAC key (at least 32 bytes) that signs the Web Chat tokens. A secret: set it only through the
    /// environment or user-secrets. Empty means a key generated once and kept in the store, shared by instances.
    /// </summary>
    public string? TokenSigningKey { get; set; }

    /// <summary>How long a token is valid; Web Chat refreshes it at half this time.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Tokens (= new conversations) one client address may request per minute.</summary>
    public int TokenRequestsPerMinute { get; set; } = 30;

    /// <summary>Messages one conversation may post per minute; more gets 429 (each message runs a turn).</summary>
    public int ActivitiesPerMinute { get; set; } = 60;

    /// <summary>Origins of other sites (a school's website) that may embed the chat; the bot's own host is always allowed.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>A turn still running after this long shows the "typing" indicator.</summary>
    public TimeSpan TypingDelay { get; set; } = TimeSpan.FromSeconds(1);

    internal byte[]? ConfiguredKey() =>
        string.IsNullOrWhiteSpace(TokenSigningKey) ? null : Convert.FromBase64String(TokenSigningKey.Trim());

    /// <summary>The origins as the browser sends them: scheme://host[:port], no trailing slash.</summary>
    internal string[] NormalizedOrigins() => AllowedOrigins
        .Where(o => !string.IsNullOrWhiteSpace(o))
        .Select(o => o.Trim().TrimEnd('/'))
        .ToArray();
}

internal sealed class DirectLineOptionsValidator : IValidateOptions<DirectLineOptions>
{
    public ValidateOptionsResult Validate(string? name, DirectLineOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.TokenSigningKey))
        {
            try
            {
                if (options.ConfiguredKey()!.Length < 32)
                {
                    errors.Add("DirectLine:TokenSigningKey must be at least 32 bytes (base64 of 32 random bytes, e.g. `openssl rand -base64 32`).");
                }
            }
            catch (FormatException)
            {
                errors.Add("DirectLine:TokenSigningKey is not valid base64 (use e.g. `openssl rand -base64 32`).");
            }
        }
        if (options.TokenLifetime < TimeSpan.FromMinutes(1) || options.TokenLifetime > TimeSpan.FromHours(24))
        {
            errors.Add("DirectLine:TokenLifetime must be between 00:01:00 and 24:00:00.");
        }
        if (options.TokenRequestsPerMinute is < 1 or > 10_000)
        {
            errors.Add("DirectLine:TokenRequestsPerMinute must be between 1 and 10000.");
        }
        if (options.ActivitiesPerMinute is < 1 or > 1_000_000)
        {
            errors.Add("DirectLine:ActivitiesPerMinute must be between 1 and 1000000.");
        }
        if (options.TypingDelay < TimeSpan.Zero || options.TypingDelay > TimeSpan.FromSeconds(30))
        {
            errors.Add("DirectLine:TypingDelay must be between 00:00:00 and 00:00:30.");
        }
        foreach (var origin in options.NormalizedOrigins())
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || !string.Equals(uri.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"DirectLine:AllowedOrigins: '{origin}' is not an origin; use scheme and host only, like https://www.school.nl (no path, no wildcard).");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
