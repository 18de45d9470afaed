using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace OppAssistant.Browser.Tests;

/// <summary>How long one step took, from the action until the expected replies were there.</summary>
internal sealed record Step(string Name, TimeSpan Elapsed);

/// <summary>One message or card as shown: <see cref="Text"/> normalized for matching, <see cref="Lines"/> to read.</summary>
internal sealed record TranscriptActivity(bool User, string Text, string Lines);

/// <summary>A card as shown: its text blocks and its buttons, each normalized like <see cref="WebChat.Expectation"/>.</summary>
internal sealed record ShownCard(IReadOnlyList<string> Texts, IReadOnlyList<string> Buttons)
{
    public string Text => string.Join(" ", Texts);
}

/// <summary>
/// Drives Web Chat's own UI and waits for replies: after each action, until the bot activities that arrive after
/// it contain the expected texts in order (rendered Markdown, compared without emphasis and typographic quotes).
/// </summary>
internal sealed class WebChat(IPage page)
{
    private const string Activities = ".webchat__basic-transcript__activity";

    // Shared by the page-side functions: what an activity shows in its bubbles (not Web Chat's screen-reader
    // texts such as "Bot zei:"), normalized like Expectation() for matching, and whether the user (teacher or pupil) sent it.
    private const string Helpers = """
        const norm = s => s.replace(/[\u201C\u201D\u201E]/g, '"').replace(/[\u2018\u2019]/g, "'").replace(/\u2026/g, '...').replace(/\s+/g, ' ').trim();
        const bubbles = a => Array.from(a.querySelectorAll('.webchat__bubble__content'));
        const shown = a => norm(bubbles(a).map(b => b.innerText).join(' '));
        // As read on screen, with the numbers of ordered lists (innerText leaves list markers out).
        const read = a => bubbles(a).map(bubble => {
          const copy = bubble.cloneNode(true);
          copy.querySelectorAll('ol').forEach(ol => Array.from(ol.children).forEach((li, i) => li.prepend(`${ol.start + i}. `)));
          copy.style.position = 'absolute';
          document.body.appendChild(copy);
          const text = copy.innerText;
          copy.remove();
          return text;
        }).join('\n');
        const fromUser = a => !!a.querySelector('.webchat__bubble--from-user');
        const activities = () => Array.from(document.querySelectorAll('.webchat__basic-transcript__activity'));
        """;

    private const string Snapshot = "() => { " + Helpers + """
         return JSON.stringify(activities().map(a => ({ user: fromUser(a), text: norm(read(a)), lines: read(a).replace(/\n\s*\n/g, '\n').trim() })));
        }
        """;

    private const string RepliesSince = "from => { " + Helpers + """
         return JSON.stringify(activities().slice(from).filter(a => !fromUser(a)).map(shown));
        }
        """;

    private const string Arrived = "({ from, expected }) => { " + Helpers + """
         const texts = activities().slice(from).filter(a => !fromUser(a)).map(shown);
         let next = 0;
         for (const text of texts) {
           while (next < expected.length && text.includes(expected[next])) next++;
         }
         return next === expected.length;
        }
        """;

    // The newest bot card as the user sees it: its text blocks, and the titles of its own buttons (not the screen
    // reader's copy).
    private const string NewestCard = "() => { " + Helpers + """
         const cards = activities().filter(a => !fromUser(a) && a.querySelector('.ac-adaptiveCard'));
         if (cards.length === 0) return JSON.stringify(null);
         const card = cards[cards.length - 1].querySelector('.ac-adaptiveCard');
         const texts = Array.from(card.querySelectorAll('.ac-textBlock')).map(t => norm(t.innerText)).filter(t => t.length > 0);
         const buttons = Array.from(card.querySelectorAll('.ac-pushButton')).map(b => norm(b.innerText));
         return JSON.stringify({ texts, buttons });
        }
        """;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<string, int> awaited = [];

    public List<Step> Steps { get; } = [];

    private ILocator SendBox => page.Locator("[data-id='webchat-sendbox-input']");

    /// <summary>
    /// The first line of a text from the dialogs as it reads on screen: up to its first placeholder, without Markdown
    /// emphasis, with straight quotes and three dots (as the page-side functions normalize what is shown).
    /// </summary>
    public static string Expectation(string text)
    {
        var line = text.Trim().Split('\n')[0];
        var placeholder = line.IndexOf('{', StringComparison.Ordinal);
        line = placeholder >= 0 ? line[..placeholder] : line;
        line = Regex.Replace(line.Replace("**", "", StringComparison.Ordinal), "[\u201C\u201D\u201E]", "\"");
        line = Regex.Replace(line, "[\u2018\u2019]", "'").Replace("\u2026", "...", StringComparison.Ordinal);
        return Regex.Replace(line, @"\s+", " ").Trim();
    }

    /// <summary>How many bot messages the test waited for, one per expected text.</summary>
    public int ExpectedReplies => awaited.Values.Sum();

    /// <summary>How often the test waited for this text.</summary>
    public int Awaited(string text) => awaited.GetValueOrDefault(Expectation(text));

    public Task SayAsync(string text, params string[] expected) => StepAsync($"type '{text}'", async () =>
    {
        await SendBox.FillAsync(text);
        await SendBox.PressAsync("Enter");
    }, expected);

    /// <summary>Presses a button of the newest card that has it (the Adaptive Card's own button, not the screen reader's copy).</summary>
    public Task ClickAsync(string button, params string[] expected) => StepAsync($"click '{button}'", async () =>
    {
        var card = NewestCardWith(page.Locator(".ac-pushButton", new() { HasText = button }));
        await Button(card, button).ClickAsync();
    }, expected);

    /// <summary>Ticks boxes of the newest card with checkboxes, then presses its submit button.</summary>
    public Task TickAsync(string[] boxes, string submit, params string[] expected) => StepAsync($"tick {string.Join(" + ", boxes)}, '{submit}'", async () =>
    {
        var card = NewestCardWith(page.Locator("input[type='checkbox']"));
        foreach (var box in boxes)
        {
            await card.GetByRole(AriaRole.Checkbox, new() { Name = box, Exact = true }).CheckAsync();
        }
        await Button(card, submit).ClickAsync();
    }, expected);

    /// <summary>Fills the date picker of the newest card that has one (yyyy-MM-dd, as a date input takes it), then submits.</summary>
    public Task PickDateAsync(string isoDate, string submit, params string[] expected) => StepAsync($"date {isoDate}, '{submit}'", async () =>
    {
        var card = NewestCardWith(page.Locator("input[type='date']"));
        await card.Locator("input[type='date']").FillAsync(isoDate);
        await Button(card, submit).ClickAsync();
    }, expected);

    public async Task StepAsync(string name, Func<Task> act, params string[] expected)
    {
        var texts = expected.Select(Expectation).ToArray();
        foreach (var text in texts)
        {
            awaited[text] = awaited.GetValueOrDefault(text) + 1;
        }
        var watch = Stopwatch.StartNew();
        var from = await page.Locator(Activities).CountAsync();
        await act();
        try
        {
            await page.WaitForFunctionAsync(Arrived, new { from, expected = texts });
        }
        catch (TimeoutException e)
        {
            var arrived = (await TranscriptAsync()).Skip(from).Select(a => (a.User ? "LERAAR: " : "BOT: ") + a.Text);
            throw new TimeoutException($"After {name}, waited for:\n  {string.Join("\n  ", texts)}\nbut got:\n  {string.Join("\n  ", arrived)}", e);
        }
        Steps.Add(new Step(name, watch.Elapsed));

        // Each expected text is one message or card of its own: anything more is a reply too many (a question
        // asked twice, a refusal), which the wait above would not notice.
        var replies = JsonSerializer.Deserialize<string[]>(await page.EvaluateAsync<string>(RepliesSince, from))!;
        Assert.True(replies.Length == texts.Length, $"After {name}, expected {texts.Length} bot message(s), got {replies.Length}:\n  {string.Join("\n  ", replies)}");
    }

    /// <summary>The newest card the bot sent: its texts and button titles as shown.</summary>
    public async Task<ShownCard> NewestCardAsync() =>
        JsonSerializer.Deserialize<ShownCard>(await page.EvaluateAsync<string>(NewestCard), JsonOptions)
        ?? throw new InvalidOperationException("The bot has not sent a card yet.");

    /// <summary>The bot's newest message (text or card) as shown, normalized like <see cref="Expectation"/>.</summary>
    public async Task<string> LastReplyAsync() => (await TranscriptAsync()).Last(a => !a.User).Text;

    /// <summary>The bot's newest message that holds <paramref name="expectation"/> (see <see cref="Expectation"/>), quotes straightened.</summary>
    public async Task<string> LastReplyOfAsync(string expectation) =>
        (await TranscriptAsync()).Select(a => a with { Text = Straight(a.Text) }).Last(a => !a.User && a.Text.Contains(expectation, StringComparison.Ordinal)).Text;

    /// <summary>
    /// Waits for a message the bot sends without being asked (a notice after someone else's step), which may have arrived
    /// before the wait began; <paramref name="after"/> bot messages holding it were there already.
    /// </summary>
    public async Task WaitForUnaskedAsync(string text, int after = 0)
    {
        var expectation = Expectation(text);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var count = (await TranscriptAsync()).Count(a => !a.User && Straight(a.Text).Contains(expectation, StringComparison.Ordinal));
            if (count > after)
            {
                awaited[expectation] = awaited.GetValueOrDefault(expectation) + 1;
                Steps.Add(new Step($"wait for '{expectation}'", watch.Elapsed));
                return;
            }
            if (watch.Elapsed > TimeSpan.FromMilliseconds(ChatPage.Timeout))
            {
                throw new TimeoutException($"The bot did not say by itself: {expectation}");
            }
            await Task.Delay(100);
        }
    }

    private static string Straight(string shown) =>
        Regex.Replace(Regex.Replace(shown, "[\u201C\u201D\u201E]", "\""), "[\u2018\u2019]", "'").Replace("\u2026", "...", StringComparison.Ordinal);

    public async Task<IReadOnlyList<TranscriptActivity>> TranscriptAsync() =>
        JsonSerializer.Deserialize<TranscriptActivity[]>(await page.EvaluateAsync<string>(Snapshot), JsonOptions)!;

    private ILocator NewestCardWith(ILocator content) =>
        page.Locator(Activities).Filter(new() { Has = page.Locator(".ac-adaptiveCard").Filter(new() { Has = content }) }).Last;

    private static ILocator Button(ILocator card, string title) =>
        card.GetByRole(AriaRole.Button, new() { Name = title, Exact = true }).And(card.Locator(".ac-pushButton"));
}
