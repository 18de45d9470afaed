using Microsoft.Playwright;

namespace OppAssistant.Browser.Tests;

/// <summary>
/// One app host and one Chromium for the long conversation tests, started by the first test that needs them. Each
/// test opens its own browser contexts (<see cref="ChatPage"/>), so conversations and users stay apart; plans of
/// different tests share the store, as plans of different teachers do.
/// </summary>
public sealed class SharedBrowser : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private BrowserHost? host;
    private IPlaywright? playwright;
    private IBrowser? browser;

    /// <summary>Skips (or, in CI, fails) without Chromium; else the running host and browser.</summary>
    public async Task<(BrowserHost Host, IBrowser Browser)> StartAsync()
    {
        Chromium.Require();
        await gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            host ??= new BrowserHost().Start();
            playwright ??= await Playwright.CreateAsync();
            browser ??= await Chromium.LaunchAsync(playwright);
            return (host, browser);
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }
        playwright?.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
        }
        gate.Dispose();
    }
}

/// <summary>
/// The long conversation tests (a whole OPP, a pupil per age band) one after another on one host and browser: the
/// machine has two cores, and side by side they would only slow each other down.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserConversations : ICollectionFixture<SharedBrowser>
{
    public const string Name = "Browser conversations";
}
