using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OppAssistant.Core.Storage;

namespace OppAssistant.BotFramework.DirectLine;

/// <summary>What a valid token grants: one conversation, as one user, until <see cref="ExpiresAt"/>.</summary>
internal readonly record struct DirectLineGrant(string ConversationId, string UserId, DateTimeOffset ExpiresAt);

/// <summary>
/// Our own short-lived Direct Line tokens: <c>base64url(payload).base64url(HMAC-SHA256(payload))</c> with the
/// payload <c>v1|conversation|user|expiry</c>. Checking one is a single HMAC over a few bytes and no storage
/// access, because polling clients present it every second.
/// </summary>
internal sealed class DirectLineTokens(DirectLineSigningKey signingKey, IOptions<DirectLineOptions> options, TimeProvider time)
{
    private const string Version = "v1";

    /// <summary>Far longer than any token we issue; longer input is rejected before decoding.</summary>
    private const int MaxTokenLength = 512;

    public TimeSpan Lifetime => options.Value.TokenLifetime;

    public async ValueTask<(string Token, DirectLineGrant Grant)> IssueAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        var key = await signingKey.GetAsync(cancellationToken).ConfigureAwait(false);
        var expiresAt = time.GetUtcNow().Add(options.Value.TokenLifetime);
        var payload = Encoding.UTF8.GetBytes(string.Join('|', Version, conversationId, userId,
            expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        var mac = HMACSHA256.HashData(key, payload);
        var token = string.Concat(Base64Url.EncodeToString(payload), ".", Base64Url.EncodeToString(mac));
        return (token, new DirectLineGrant(conversationId, userId, DateTimeOffset.FromUnixTimeSeconds(expiresAt.ToUnixTimeSeconds())));
    }

    /// <summary>The grant of a well-formed, correctly signed, unexpired token; otherwise null.</summary>
    public async ValueTask<DirectLineGrant?> ValidateAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return null;
        }
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == token.Length - 1)
        {
            return null;
        }
        var key = await signingKey.GetAsync(cancellationToken).ConfigureAwait(false);
        return Validate(token.AsSpan(0, dot), token.AsSpan(dot + 1), key, time.GetUtcNow());
    }

    private static DirectLineGrant? Validate(ReadOnlySpan<char> payloadPart, ReadOnlySpan<char> macPart, byte[] key, DateTimeOffset now)
    {
        Span<byte> payload = stackalloc byte[MaxTokenLength];
        Span<byte> mac = stackalloc byte[64];
        if (!Base64Url.TryDecodeFromChars(payloadPart, payload, out var payloadLength)
            || !Base64Url.TryDecodeFromChars(macPart, mac, out var macLength)
            || macLength != HMACSHA256.HashSizeInBytes)
        {
            return null;
        }
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, payload[..payloadLength], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac[..macLength]))
        {
            return null;
        }
        var parts = Encoding.UTF8.GetString(payload[..payloadLength]).Split('|');
        if (parts.Length != 4 || parts[0] != Version || parts[1].Length == 0 || parts[2].Length == 0
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return null;
        }
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expiry);
        return expiresAt > now ? new DirectLineGrant(parts[1], parts[2], expiresAt) : null;
    }
}

/// <summary>
/// The HMAC key: from configuration when set, otherwise generated once and kept in the document store so that
/// restarts and other instances accept the same tokens. Loaded on first use and then held in memory.
/// </summary>
internal sealed partial class DirectLineSigningKey(IOptions<DirectLineOptions> options, IDocumentStore store, TimeProvider time, ILogger<DirectLineSigningKey> logger)
{
    public const string Collection = "system";
    public const string DocumentKey = "directline-signing-key";

    private readonly SemaphoreSlim gate = new(1, 1);
    private byte[]? key;

    public ValueTask<byte[]> GetAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref key) is { } loaded ? ValueTask.FromResult(loaded) : new ValueTask<byte[]>(LoadAsync(cancellationToken));

    private async Task<byte[]> LoadAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (key is { } loaded)
            {
                return loaded;
            }
            var result = options.Value.ConfiguredKey() ?? await LoadOrCreateStoredAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref key, result);
            return result;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<byte[]> LoadOrCreateStoredAsync(CancellationToken cancellationToken)
    {
        if (await ReadStoredAsync(cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }
        var generated = RandomNumberGenerator.GetBytes(32);
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new SigningKeyRecord { Key = Convert.ToBase64String(generated), CreatedAt = time.GetUtcNow() },
            DirectLineJsonContext.Default.SigningKeyRecord);
        try
        {
            await store.PutAsync(Collection, DocumentKey, body, expectedVersion: 0, cancellationToken).ConfigureAwait(false);
            LogKeyGenerated(logger);
            return generated;
        }
        catch (ConcurrencyConflictException)
        {
            // Another instance created it first; everyone must use that one.
            return await ReadStoredAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The Direct Line signing key vanished right after a concurrent create.");
        }
    }

    private async Task<byte[]?> ReadStoredAsync(CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(Collection, DocumentKey, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }
        var record = JsonSerializer.Deserialize(stored.Body.Span, DirectLineJsonContext.Default.SigningKeyRecord);
        return record?.Key is { Length: > 0 } k
            ? Convert.FromBase64String(k)
            : throw new InvalidOperationException($"The stored Direct Line signing key ({Collection}/{DocumentKey}) is unreadable; delete it to generate a new one.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generated the Direct Line token signing key and stored it (set DirectLine:TokenSigningKey to manage it yourself)")]
    private static partial void LogKeyGenerated(ILogger logger);
}
