using Microsoft.Playwright;

namespace OppAssistant.Browser.Tests;

/// <summary>
/// One person's Web Chat: a browser context of its own (so its own conversation), the page with its console and
/// errors collected, and the <see cref="WebChat"/> that drives it. Disposing closes the context.
/// </summary>
internal sealed class ChatPage : IAsyncDisposable
{
    public const float Timeout = 20_000;

    private readonly IBrowserContext context;

    private ChatPage(IBrowserContext context, IPage page, string name)
    {
        this.context = context;
        Page = page;
        Name = name;
        Chat = new WebChat(page);
        page.SetDefaultTimeout(Timeout);
        page.Console += (_, message) =>
        {
            Console.Add($"{message.Type}: {message.Text}");
            if (message.Type == "error")
            {
                Errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => Errors.Add("page error: " + error);
    }

    /// <summary>For screenshots and the log: "teacher", "pupil-vo".</summary>
    public string Name { get; }

    public IPage Page { get; }

    public WebChat Chat { get; }

    public List<string> Console { get; } = [];

    public List<string> Errors { get; } = [];

    /// <summary>Opens the chat page in a fresh context and waits for the bot's first messages.</summary>
    public static async Task<ChatPage> OpenAsync(IBrowser browser, Uri address, string name, params string[] expected)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "nl-NL" });
        var page = new ChatPage(context, await context.NewPageAsync(), name);
        await page.Chat.StepAsync($"{name}: page and welcome", () => page.Page.GotoAsync(address.ToString()), expected);
        return page;
    }

    /// <summary>No message left unsent, none refused, nothing wrong in the console.</summary>
    public async Task AssertAllSentAsync()
    {
        Assert.Equal(0, await Page.Locator("[class*='webchat__activity-status--sending']").CountAsync());
        // Web Chat's own nl-NL text for a message the server never acknowledged.
        Assert.Equal(0, await Page.GetByText("Verzenden mislukt").CountAsync());
        Assert.Empty(Errors);
    }

    /// <summary>A screenshot, the timings, the console and the transcript, for reading a failure afterwards.</summary>
    public async Task ReportAsync(ITestOutputHelper? output, string user)
    {
        try
        {
            var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", Name + ".png");
            Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            output?.WriteLine($"Screenshot: {screenshot}");
            var steps = Chat.Steps;
            output?.WriteLine($"{Name}: {steps.Count} steps in {steps.Sum(s => s.Elapsed.TotalSeconds):F1} s (median {steps.Select(s => s.Elapsed.TotalMilliseconds).Order().ElementAtOrDefault(steps.Count / 2):F0} ms).");
            foreach (var step in steps.OrderByDescending(s => s.Elapsed).Take(3))
            {
                output?.WriteLine($"  slowest: {step.Elapsed.TotalMilliseconds,6:F0} ms  {step.Name}");
            }
            foreach (var line in Console)
            {
                output?.WriteLine("console " + line);
            }
            output?.WriteLine($"── Transcript {Name} ──");
            var label = (user + ":").PadRight(9);
            foreach (var activity in await Chat.TranscriptAsync())
            {
                output?.WriteLine((activity.User ? label : "BOT:     ") + activity.Lines.Replace("\n", "\n         ", StringComparison.Ordinal));
            }
        }
        catch (PlaywrightException e)
        {
            output?.WriteLine($"{Name}: no report ({e.Message})");
        }
    }

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
