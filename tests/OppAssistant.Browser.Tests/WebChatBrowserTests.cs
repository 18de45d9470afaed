using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;

namespace OppAssistant.Browser.Tests;

/// <summary>
/// The real Web Chat (webchat.js from the npm package) in Debian's headless Chromium against our Direct Line:
/// welcome, a card button, a typed message, and every message marked as sent. Once per transport.
/// </summary>
public sealed class WebChatBrowserTests
{
    private static readonly float Timeout = 20_000;

    [Theory]
    [InlineData("polling")]
    [InlineData("websocket")]
    public async Task Teacher_gets_the_intro_and_every_message_is_sent(string transport)
    {
        Chromium.Require();
        var stopwatch = Stopwatch.StartNew();
        await using var host = new BrowserHost().Start();
        var catalog = host.Services.GetRequiredService<DialogCatalog>();
        var dialogs = catalog.Common;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { Locale = "nl-NL" });
        page.SetDefaultTimeout(Timeout);
        var console = new List<string>();
        page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");
        var sockets = new List<string>();
        page.WebSocket += (_, socket) => sockets.Add(socket.Url);
        var polls = 0;
        page.Request += (_, request) =>
        {
            if (request.Method == "GET" && request.Url.Contains("/activities", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref polls);
            }
        };

        try
        {
            await page.GotoAsync(new Uri(host.BaseAddress, transport == "polling" ? "/?transport=polling" : "/").ToString());

            await page.GetByText(FirstLine(dialogs.Text("welcome"))).First.WaitForAsync();

            // Web Chat keeps a hidden copy of each card for screen readers; click the Adaptive Card's own button.
            await page.GetByRole(AriaRole.Button, new() { Name = dialogs.For(Role.Teacher).Label, Exact = true })
                .And(page.Locator(".ac-pushButton")).ClickAsync();
            await page.GetByText(FirstLine(dialogs.For(Role.Teacher).Intro)).First.WaitForAsync();

            // A typed message shows the user's own bubble, whose status proves the echo arrived. The teacher is in
            // her guided OPP by now, so "help" explains the first question and what she can type there.
            var sendBox = page.Locator("[data-id='webchat-sendbox-input']");
            await sendBox.FillAsync(dialogs.Commands["help"][0]);
            await sendBox.PressAsync("Enter");
            await page.GetByText(FirstLine(catalog.Teacher.Text("help_question"))).First.WaitForAsync();

            Assert.Equal(0, await page.Locator("[class*='webchat__activity-status--sending']").CountAsync());
            // Web Chat's own nl-NL text for a message the server never acknowledged.
            Assert.Equal(0, await page.GetByText("Verzenden mislukt").CountAsync());
            Assert.Equal(0, await page.Locator(".oppassistant-error").CountAsync());

            if (transport == "websocket")
            {
                Assert.Contains(sockets, url => url.Contains("/v3/directline/conversations/", StringComparison.Ordinal) && url.Contains("/stream", StringComparison.Ordinal));
            }
            else
            {
                Assert.Empty(sockets);
                Assert.True(polls > 0, "Web Chat never polled for activities.");
            }
        }
        finally
        {
            var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", $"webchat-{transport}.png");
            Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            var output = TestContext.Current.TestOutputHelper;
            output?.WriteLine($"Screenshot: {screenshot}");
            output?.WriteLine($"Transport {transport}: {stopwatch.Elapsed.TotalSeconds:F1} s, {sockets.Count} WebSocket(s), {polls} poll(s)");
            foreach (var line in console)
            {
                output?.WriteLine(line);
            }
        }
    }

    private static string FirstLine(string text) => text.Trim().Split('\n')[0].Trim();
}
