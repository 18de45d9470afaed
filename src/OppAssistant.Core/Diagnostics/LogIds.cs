using System.Security.Cryptography;
using System.Text;

namespace OppAssistant.Core.Diagnostics;

/// <summary>
/// Turns identifiers into short pseudonymous tokens for logs: the same conversation gets the same token, so a
/// log can be followed, but the log never holds a channel's user or conversation id.
/// </summary>
public static class LogIds
{
    public static string Of(string identifier)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(identifier), hash);
        return Convert.ToHexStringLower(hash[..5]);
    }
}
