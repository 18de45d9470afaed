using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace OppAssistant.BotFramework.Auth;

/// <summary>
/// OpenID metadata and signing keys of one issuer family, cached by <see cref="ConfigurationManager{T}"/>.
/// The manager refreshes in the background only; when a token names an unknown key (the keys rotated) this
/// fetches the metadata once right away, at most once per <see cref="ForcedRefreshInterval"/>, so a flood of
/// tokens with made-up key ids cannot turn into a flood of metadata requests.
/// </summary>
internal sealed class SigningMetadata
{
    public static readonly TimeSpan ForcedRefreshInterval = TimeSpan.FromMinutes(5);

    private readonly string address;
    private readonly IDocumentRetriever retriever;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> manager;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim refreshGate = new(1, 1);
    private DateTimeOffset lastForcedRefresh = DateTimeOffset.MinValue;
    private volatile Snapshot? forced;

    public SigningMetadata(string address, IDocumentRetriever retriever, TimeProvider time)
    {
        this.address = address;
        this.retriever = retriever;
        this.time = time;
        manager = new ConfigurationManager<OpenIdConnectConfiguration>(address, new OpenIdConnectConfigurationRetriever(), retriever);
    }

    public Task<OpenIdConnectConfiguration> GetAsync(CancellationToken cancellationToken)
    {
        // A forced fetch is newer than the manager's copy until the manager's own periodic refresh has run.
        if (forced is { } snapshot && time.GetUtcNow() - snapshot.FetchedAt < manager.AutomaticRefreshInterval)
        {
            return Task.FromResult(snapshot.Configuration);
        }
        return manager.GetConfigurationAsync(cancellationToken);
    }

    /// <summary>Fetches fresh metadata unless that happened recently; returns whether it fetched.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        await refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (now - lastForcedRefresh < ForcedRefreshInterval)
            {
                return false;
            }
            lastForcedRefresh = now;
            var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(address, retriever, cancellationToken).ConfigureAwait(false);
            // No manager.RequestRefresh(): that would fetch the same document a second time in the background.
            forced = new Snapshot(configuration, now);
            return true;
        }
        finally
        {
            refreshGate.Release();
        }
    }

    private sealed record Snapshot(OpenIdConnectConfiguration Configuration, DateTimeOffset FetchedAt);
}
