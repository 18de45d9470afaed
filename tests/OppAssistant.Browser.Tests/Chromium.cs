using Microsoft.Playwright;

namespace OppAssistant.Browser.Tests;

/// <summary>Debian's Chromium, headless, as every browser test starts it; never Playwright's own download.</summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ExecutablePath,
        Headless = true,
        Args = Args,
    });

    /// <summary>Skips the test when Chromium is missing, except in CI, where the browser tests must run.</summary>
    public static void Require()
    {
        if (File.Exists(ExecutablePath))
        {
            return;
        }
        const string install = "Install it with: apt-get install -y --no-install-recommends chromium (never 'playwright install').";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Fail($"{ExecutablePath} is missing, and CI is set, so the browser tests must run. {install}");
        }
        Assert.Skip($"{ExecutablePath} is missing. {install}");
    }
}
