using System.Collections.Concurrent;

namespace OppAssistant.BotFramework.Auth;

/// <summary>
/// The serviceUrls that arrived in the <c>serviceurl</c> claim of a validated token. The bot's own token is only
/// ever sent to these, so a forged activity cannot make the bot hand its token to another host.
/// </summary>
public sealed class TrustedServiceUrls
{
    // Azure Bot Service uses a handful of regional URLs; the cap only guards against unbounded growth.
    private const int Capacity = 1000;
    private readonly ConcurrentDictionary<string, byte> urls = new(StringComparer.OrdinalIgnoreCase);

    public void Trust(string serviceUrl)
    {
        if (urls.Count < Capacity)
        {
            urls.TryAdd(Normalize(serviceUrl), 0);
        }
    }

    public bool IsTrusted(string serviceUrl) => urls.ContainsKey(Normalize(serviceUrl));

    private static string Normalize(string serviceUrl) => serviceUrl.TrimEnd('/');
}
