using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OppAssistant.Core.Opp;
using Xunit.Sdk;

namespace OppAssistant.Web.Tests.Transcripts;

/// <summary>
/// Replays a <see cref="TranscriptFile"/> through the real <c>POST /api/messages</c> of an in-process host (local
/// mode, <c>expectReplies</c>) and compares each user activity's replies with the bot activities after it in the file.
/// <para>
/// To record: write only the user activities into <c>tests/OppAssistant.Web.Tests/Transcripts/NAME.transcript</c>
/// and run <c>OPPASSISTANT_UPDATE_TRANSCRIPTS=1 dotnet test --project tests/OppAssistant.Web.Tests -- --filter-class "*Transcript*"</c>
/// (add <c>--output Detailed</c> before <c>--</c> to see which files were recorded). The source file then holds the same
/// user activities followed by the bot's actual replies; review the diff. Recording fails only when a reply cannot be produced.
/// </para>
/// </summary>
public static class TranscriptReplayer
{
    public const string UpdateVariable = "OPPASSISTANT_UPDATE_TRANSCRIPTS";
    public const string ServiceUrl = "https://smba.example.invalid/emea/";
    public const string BotId = "28:oppassistant-transcripts";
    public const string BotName = "OppAssistant";

    /// <summary>The fixed clock every replay starts at, so replies with dates are stable.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The seed of the <see cref="SeededRandomSource"/> every replay draws plan ids and resume codes from.</summary>
    public const int Seed = 20261123;

    /// <summary>How far the clock moves after each posted activity.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(5);

    public static bool UpdateRequested => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>The transcripts as copied next to the test binaries.</summary>
    public static string OutputDirectory => Path.Combine(AppContext.BaseDirectory, "Transcripts");

    /// <summary>The transcripts in the source tree, where recording writes.</summary>
    public static string SourceDirectory { get; } = FindSourceDirectory();

    /// <summary>The names of the transcripts shipped with the tests.</summary>
    public static IEnumerable<string> Names() =>
        Directory.EnumerateFiles(OutputDirectory, "*.transcript").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    /// <summary>
    /// Replays <paramref name="transcript"/>: a name in Transcripts/ or a full path. Throws a
    /// <see cref="TranscriptMismatchException"/> on an HTTP error or, unless recording, on the first reply that differs.
    /// </summary>
    /// <param name="configureServices">Runs after the fake clock and the seeded random source are registered, so it can replace services.</param>
    /// <param name="record">Rewrite the file instead of comparing; defaults to <see cref="UpdateVariable"/> being "1".</param>
    public static async Task<TranscriptRun> ReplayAsync(string transcript, Action<IServiceCollection>? configureServices = null, bool? record = null)
    {
        var recording = record ?? UpdateRequested;
        // A bare name is read from the output copy, but recorded into (and so read from) the source tree.
        var path = Path.IsPathFullyQualified(transcript) ? transcript
            : Path.Combine(recording ? SourceDirectory : OutputDirectory, transcript);
        var file = TranscriptFile.Read(path);

        var time = new FakeTimeProvider(Start);
        var application = new OppAssistantApplication(configureServices: services =>
        {
            services.AddSingleton<TimeProvider>(time);
            // The core registers RandomSource with TryAdd; this one wins, so resume codes in replies are stable.
            services.AddSingleton<RandomSource>(new SeededRandomSource(Seed));
            configureServices?.Invoke(services);
        });
        try
        {
            using var client = application.CreateClient();
            var replies = new List<IReadOnlyList<JsonObject>>();
            foreach (var turn in file.Turns)
            {
                var actual = await PostAsync(client, file, turn, time.GetUtcNow());
                time.Advance(Step);
                if (!recording)
                {
                    Compare(file, turn, actual);
                }
                replies.Add(actual);
            }
            if (recording)
            {
                Record(file, replies, path);
            }
            return new TranscriptRun(application, time, replies, recording);
        }
        catch
        {
            await application.DisposeAsync();
            throw;
        }
    }

    /// <summary>What the replayer compares: type, text, attachments and suggested actions; everything else is ignored.</summary>
    public static JsonObject Compared(JsonObject activity)
    {
        var result = new JsonObject { ["type"] = activity["type"]?.DeepClone() };
        if (activity["text"] is JsonValue text)
        {
            result["text"] = text.DeepClone();
        }
        if (activity["attachments"] is JsonArray { Count: > 0 } attachments)
        {
            result["attachments"] = new JsonArray([.. attachments.Select(a => (JsonNode)new JsonObject
            {
                ["contentType"] = a?["contentType"]?.DeepClone(),
                ["content"] = a?["content"]?.DeepClone(),
            })]);
        }
        if (activity["suggestedActions"]?["actions"] is JsonArray { Count: > 0 } actions)
        {
            result["suggestedActions"] = new JsonObject
            {
                ["actions"] = new JsonArray([.. actions.Select(a => (JsonNode)new JsonObject
                {
                    ["type"] = a?["type"]?.DeepClone(),
                    ["title"] = a?["title"]?.DeepClone(),
                    ["value"] = a?["value"]?.DeepClone(),
                })]),
            };
        }
        return result;
    }

    private static async Task<IReadOnlyList<JsonObject>> PostAsync(HttpClient client, TranscriptFile file, TranscriptTurn turn, DateTimeOffset now)
    {
        var user = turn.User;
        // Kept as written where given; filled in (stable, from the fake clock) where not.
        var posted = new JsonObject
        {
            ["type"] = user["type"]?.DeepClone(),
            ["id"] = user["id"]?.DeepClone() ?? $"transcript-activity-{turn.Number}",
            ["timestamp"] = user["timestamp"]?.DeepClone() ?? now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["serviceUrl"] = user["serviceUrl"]?.DeepClone() ?? ServiceUrl,
            ["channelId"] = user["channelId"]?.DeepClone(),
            ["from"] = user["from"]?.DeepClone(),
            ["recipient"] = user["recipient"]?.DeepClone() ?? new JsonObject { ["id"] = BotId, ["name"] = BotName, ["role"] = TranscriptFile.BotRole },
            ["conversation"] = user["conversation"]?.DeepClone(),
            ["deliveryMode"] = "expectReplies",
        };
        // What the bot reads; name and channelData too, for invokes and the tenant check.
        foreach (var key in (string[])["text", "value", "membersAdded", "locale", "name", "channelData"])
        {
            if (user[key] is { } node)
            {
                posted[key] = node.DeepClone();
            }
        }

        using var response = await ApiMessagesTestHost.PostAsync(client, posted);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            // Problem details hold no user text, so the body can be shown.
            throw new TranscriptMismatchException(
                $"{Header(file, turn)}: POST /api/messages answered {(int)response.StatusCode} {response.StatusCode}.\n{Sent(turn)}\n{body}");
        }
        if (body.Length == 0)
        {
            return [];
        }
        if (JsonNode.Parse(body)?["activities"] is not JsonArray activities)
        {
            throw new TranscriptMismatchException($"{Header(file, turn)}: the response has no \"activities\" (invoke responses are not replayed).\n{Sent(turn)}");
        }
        return [.. activities.Select(a => a as JsonObject ?? throw new TranscriptMismatchException($"{Header(file, turn)}: a reply is not a JSON object."))];
    }

    private static void Compare(TranscriptFile file, TranscriptTurn turn, IReadOnlyList<JsonObject> actual)
    {
        var expected = new JsonArray([.. turn.Bot.Select(a => (JsonNode)Compared(a))]);
        var got = new JsonArray([.. actual.Select(a => (JsonNode)Compared(a))]);
        if (JsonNode.DeepEquals(expected, got))
        {
            return;
        }
        throw new TranscriptMismatchException(
            $"{Header(file, turn)}: the replies differ from the transcript (expected {expected.Count} bot activities, got {got.Count}).\n"
            + $"{Sent(turn)}\n"
            + LineDiff.Unified(TranscriptFile.ToJson(expected), TranscriptFile.ToJson(got))
            + $"To accept the new replies: {UpdateVariable}=1 dotnet test --project tests/OppAssistant.Web.Tests -- --filter-class \"*Transcript*\"");
    }

    /// <summary>Keeps the user activities as written and puts the actual replies, normalised, after each.</summary>
    private static void Record(TranscriptFile file, IReadOnlyList<IReadOnlyList<JsonObject>> replies, string path)
    {
        var activities = new List<JsonObject>();
        var count = 0;
        for (var i = 0; i < file.Turns.Count; i++)
        {
            activities.Add(file.Turns[i].User);
            foreach (var reply in replies[i])
            {
                activities.Add(Normalised(reply));
                count++;
            }
        }
        new TranscriptFile(file.Name, activities).Write(path);
        // Counts and the path only, no user text; shown with `dotnet test --output Detailed` (passed tests hide their output).
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Recorded {file.Name}: {count} bot activities for {file.Turns.Count} user activities into {path}");
    }

    /// <summary>A reply as the transcript stores it: the compared fields plus who, where and in which conversation.</summary>
    private static JsonObject Normalised(JsonObject reply)
    {
        var compared = Compared(reply);
        var result = new JsonObject
        {
            ["type"] = compared["type"]?.DeepClone(),
            ["channelId"] = reply["channelId"]?.DeepClone(),
            ["from"] = WithRole(reply["from"], TranscriptFile.BotRole),
            ["recipient"] = WithRole(reply["recipient"], TranscriptFile.UserRole),
            ["conversation"] = new JsonObject { ["id"] = reply["conversation"]?["id"]?.DeepClone() },
        };
        foreach (var key in (string[])["text", "attachments", "suggestedActions"])
        {
            if (compared[key] is { } node)
            {
                result[key] = node.DeepClone();
            }
        }
        return result;
    }

    private static JsonObject WithRole(JsonNode? account, string role)
    {
        var copy = account?.DeepClone() as JsonObject ?? [];
        copy["role"] = role;
        return copy;
    }

    private static string Header(TranscriptFile file, TranscriptTurn turn) =>
        $"{file.Name}, user activity #{turn.Number} (activities[{turn.Index}])";

    private static string Sent(TranscriptTurn turn)
    {
        var sent = new StringBuilder($"The user sent a {(string?)turn.User["type"]}");
        if (turn.User["text"] is JsonValue text)
        {
            sent.Append(", text ").Append(TranscriptFile.ToJson(text));
        }
        if (turn.User["value"] is { } value)
        {
            sent.Append(", value ").Append(TranscriptFile.ToJson(value));
        }
        return sent.Append('.').ToString();
    }

    private static string FindSourceDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OppAssistant.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "OppAssistant.Web.Tests", "Transcripts");
            }
        }
        throw new InvalidOperationException("OppAssistant.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A finished replay; owns the host so a test can inspect the stored data, then disposes it.</summary>
public sealed class TranscriptRun(OppAssistantApplication application, FakeTimeProvider time, IReadOnlyList<IReadOnlyList<JsonObject>> replies, bool recorded)
    : IAsyncDisposable
{
    public OppAssistantApplication Application => application;

    public IServiceProvider Services => application.Services;

    public FakeTimeProvider Time => time;

    /// <summary>The reply activities exactly as the endpoint returned them, one list per user activity.</summary>
    public IReadOnlyList<IReadOnlyList<JsonObject>> Replies => replies;

    /// <summary>True when the file was rewritten instead of compared.</summary>
    public bool Recorded => recorded;

    public ValueTask DisposeAsync() => application.DisposeAsync();
}

/// <summary>A transcript replay that failed: a reply differs or the endpoint did not answer 200.</summary>
public sealed class TranscriptMismatchException(string message) : XunitException(message);
