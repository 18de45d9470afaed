using System.Collections.Concurrent;

namespace OppAssistant.BotFramework.Auth;

/// <summary>
/// The serviceUrls the bot's own token may be sent to: those that arrived in the <c>serviceurl</c> claim of a
/// validated token, and those the operator configured for messages the bot starts itself (a proactive message has
/// no incoming activity to learn the URL from). A forged activity cannot make the bot hand its token to another host.
/// </summary>
public sealed class TrustedServiceUrls
{
    // Azure Bot Service uses a handful of regional URLs; the cap only guards against unbounded growth.
    private const int Capacity = 1000;
    private readonly ConcurrentDictionary<string, byte> urls = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> configured = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A serviceUrl named by a validated token.</summary>
    public void Trust(string serviceUrl)
    {
        if (urls.Count < Capacity)
        {
            urls.TryAdd(Normalize(serviceUrl), 0);
        }
    }

    /// <summary>
    /// A serviceUrl from validated configuration (e.g. <c>Safeguarding:TeamsServiceUrl</c>). Kept apart from the
    /// learned ones, so the cap on those never drops it.
    /// </summary>
    public void TrustConfigured(string serviceUrl) => configured.TryAdd(Normalize(serviceUrl), 0);

    public bool IsTrusted(string serviceUrl)
    {
        var key = Normalize(serviceUrl);
        return configured.ContainsKey(key) || urls.ContainsKey(key);
    }

    private static string Normalize(string serviceUrl) => serviceUrl.TrimEnd('/');
}
