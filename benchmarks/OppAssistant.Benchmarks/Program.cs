using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace OppAssistant.Benchmarks;

/// <summary>
/// Load for the speed and memory targets of PRODUCT.md §9: concurrent turns over many conversations against the
/// real service (SQLite, state read and written every turn), on loopback only, bounded in time.
/// Usage: dotnet run -c Release --project benchmarks/OppAssistant.Benchmarks [-- --seconds 10 --concurrency 64 --conversations 500]
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var settings = BenchmarkSettings.Parse(args);
        using var server = await ServerProcess.StartAsync(settings);
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = settings.Concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        Console.WriteLine($"OppAssistant benchmark: {settings.Concurrency} concurrent requests, {settings.Conversations} conversations, {settings.Seconds} s per scenario, {Environment.ProcessorCount} cores shared by server and load.");
        Console.WriteLine();
        var scenarios = new Scenario[] { new ApiMessagesScenario(http, settings), new TeacherAnswersScenario(http, settings), new DirectLineScenario(http, settings) };
        var results = new List<ScenarioResult>();
        foreach (var scenario in scenarios)
        {
            var result = await scenario.RunAsync(server);
            results.Add(result);
            Console.WriteLine($"  {result.TurnsPerSecond:F0} turns/s, p50 {result.P50:F2} ms, p99 {result.P99:F2} ms, {result.Errors} errors, server RSS {result.ResidentMiB:F0} MiB (peak {result.PeakMiB:F0} MiB)");
        }

        Console.WriteLine();
        Console.WriteLine($"{"scenario",-48} {"turns/s",8} {"p50 ms",7} {"p99 ms",7} {"errors",6} {"RSS MiB",8} {"peak MiB",8}");
        foreach (var r in results)
        {
            Console.WriteLine($"{r.Name,-48} {r.TurnsPerSecond,8:F0} {r.P50,7:F2} {r.P99,7:F2} {r.Errors,6} {r.ResidentMiB,8:F0} {r.PeakMiB,8:F0}");
        }
        return results.All(r => r.Errors == 0) ? 0 : 1;
    }
}

internal sealed record BenchmarkSettings(int Seconds, int Concurrency, int Conversations, int WarmupSeconds)
{
    public static BenchmarkSettings Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var index = Array.IndexOf(args, "--" + name);
            return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
        }
        // Five seconds of warm-up let tiered compilation settle before measuring.
        return new BenchmarkSettings(Get("seconds", 10), Get("concurrency", 64), Get("conversations", 500), Get("warmup", 5));
    }
}

internal sealed record ScenarioResult(string Name, double TurnsPerSecond, double P50, double P99, long Errors, double ResidentMiB, double PeakMiB);

/// <summary>Runs one closed-loop load: each worker sends a turn, waits for its answer, sends the next.</summary>
internal abstract class Scenario(HttpClient http, BenchmarkSettings settings)
{
    protected HttpClient Http { get; } = http;

    protected BenchmarkSettings Settings { get; } = settings;

    protected abstract string Name { get; }

    /// <summary>Creates the conversations and brings each to the state the measured turn runs in.</summary>
    protected abstract Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>One measured turn on conversation <paramref name="index"/>; true when the expected reply came.</summary>
    protected abstract Task<bool> TurnAsync(int index, CancellationToken cancellationToken);

    public async Task<ScenarioResult> RunAsync(ServerProcess server)
    {
        Console.Write($"{Name}: preparing {Settings.Conversations} conversations… ");
        await PrepareAsync(CancellationToken.None);
        Console.Write("warming up… ");
        await LoadAsync(TimeSpan.FromSeconds(Settings.WarmupSeconds));
        Console.Write("measuring… ");
        var (latencies, errors, elapsed) = await LoadAsync(TimeSpan.FromSeconds(Settings.Seconds));
        var (resident, peak) = server.Memory();
        latencies.Sort();
        Console.WriteLine("done.");
        return new ScenarioResult(Name, latencies.Count / elapsed.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), errors, resident, peak);
    }

    private async Task<(List<double> Latencies, long Errors, TimeSpan Elapsed)> LoadAsync(TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        var next = -1;
        long errors = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Settings.Concurrency).Select(async _ =>
        {
            var latencies = new List<double>(100_000);
            while (!stop.IsCancellationRequested)
            {
                var index = (int)((uint)Interlocked.Increment(ref next) % (uint)Settings.Conversations);
                var started = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await TurnAsync(index, CancellationToken.None);
                }
                catch (HttpRequestException)
                {
                    ok = false;
                }
                if (ok)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }
            return latencies;
        }).ToList();
        var all = (await Task.WhenAll(workers)).SelectMany(l => l).ToList();
        return (all, errors, clock.Elapsed);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

/// <summary>POST /api/messages with deliveryMode expectReplies, as Teams-like traffic without a connector.</summary>
internal class ApiMessagesScenario(HttpClient http, BenchmarkSettings settings) : Scenario(http, settings)
{
    private byte[][] turns = [];

    protected override string Name => "/api/messages (expectReplies)";

    protected override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        turns = new byte[Settings.Conversations][];
        for (var i = 0; i < Settings.Conversations; i++)
        {
            var conversation = $"bench-conv-{i}";
            await PostAsync(Activity("conversationUpdate", conversation, null, membersAdded: true), cancellationToken);
            // A role without a flow of its own: the pipeline's own cost, comparable across versions.
            await PostAsync(Activity("message", conversation, "ouder"), cancellationToken);
            turns[i] = Activity("message", conversation, "help");
        }
    }

    protected override Task<bool> TurnAsync(int index, CancellationToken cancellationToken) => PostAsync(turns[index], cancellationToken);

    protected async Task<bool> PostAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var response = await Http.PostAsync("/api/messages", content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return false;
        }
        var replies = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return replies.Length > 20;
    }

    protected static byte[] Activity(string type, string conversation, string? text, bool membersAdded = false) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["type"] = type,
            ["id"] = Guid.NewGuid().ToString("n"),
            ["channelId"] = "benchmark",
            ["serviceUrl"] = "http://127.0.0.1:9/",
            ["deliveryMode"] = "expectReplies",
            ["from"] = new Dictionary<string, string> { ["id"] = "user-" + conversation },
            ["recipient"] = new Dictionary<string, string> { ["id"] = "bot" },
            ["conversation"] = new Dictionary<string, string> { ["id"] = conversation },
            ["text"] = text,
            ["membersAdded"] = membersAdded ? new[] { new Dictionary<string, string> { ["id"] = "bot" } } : null,
        });
}

/// <summary>
/// A teacher answering in Overzicht: a factor, then "ja" to "nog een?", over and over. Every turn reads and writes
/// the plan, her list of plans and the conversation in one transaction, and the plan grows as she goes.
/// </summary>
internal sealed class TeacherAnswersScenario(HttpClient http, BenchmarkSettings settings) : ApiMessagesScenario(http, settings)
{
    private byte[][] answers = [];
    private byte[][] more = [];
    private int[] turnsTaken = [];

    protected override string Name => "/api/messages teacher answers (plan write)";

    protected override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        answers = new byte[Settings.Conversations][];
        more = new byte[Settings.Conversations][];
        turnsTaken = new int[Settings.Conversations];
        for (var i = 0; i < Settings.Conversations; i++)
        {
            var conversation = $"bench-teacher-{i}";
            await PostAsync(Activity("conversationUpdate", conversation, null, membersAdded: true), cancellationToken);
            foreach (var text in new[] { "leraar", "nieuw OPP", "Sam", "po", "groep 6", "Sam krijgt extra hulp bij rekenen.", "ja" })
            {
                await PostAsync(Activity("message", conversation, text), cancellationToken);
            }
            answers[i] = Activity("message", conversation, "Sam werkt graag samen met een klasgenoot.");
            more[i] = Activity("message", conversation, "ja");
        }
    }

    protected override Task<bool> TurnAsync(int index, CancellationToken cancellationToken) =>
        PostAsync(Interlocked.Increment(ref turnsTaken[index]) % 2 == 1 ? answers[index] : more[index], cancellationToken);
}

/// <summary>The self-hosted Direct Line: a user message is echoed, the turn runs, the reply is in the log when the POST returns.</summary>
internal sealed class DirectLineScenario(HttpClient http, BenchmarkSettings settings) : Scenario(http, settings)
{
    private (string Conversation, string Token, byte[] Body)[] conversations = [];

    protected override string Name => "Direct Line (POST activity, turn, reply logged)";

    protected override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        conversations = new (string, string, byte[])[Settings.Conversations];
        for (var i = 0; i < Settings.Conversations; i++)
        {
            using var generated = await Http.PostAsync("/v3/directline/tokens/generate", null, cancellationToken);
            generated.EnsureSuccessStatusCode();
            using var token = JsonDocument.Parse(await generated.Content.ReadAsStringAsync(cancellationToken));
            var value = token.RootElement.GetProperty("token").GetString()!;
            using var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
            start.Headers.Authorization = new("Bearer", value);
            using var started = await Http.SendAsync(start, cancellationToken);
            started.EnsureSuccessStatusCode();
            using var startedBody = JsonDocument.Parse(await started.Content.ReadAsStringAsync(cancellationToken));
            var conversation = startedBody.RootElement.GetProperty("conversationId").GetString()!;
            conversations[i] = (conversation, value, Message("help"));
            if (!await PostAsync(conversation, value, Message("ouder"), cancellationToken))
            {
                throw new InvalidOperationException("Direct Line conversation could not be prepared.");
            }
        }
    }

    protected override Task<bool> TurnAsync(int index, CancellationToken cancellationToken)
    {
        var (conversation, token, body) = conversations[index];
        return PostAsync(conversation, token, body, cancellationToken);
    }

    private async Task<bool> PostAsync(string conversation, string token, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{Uri.EscapeDataString(conversation)}/activities")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Authorization = new("Bearer", token);
        using var response = await Http.SendAsync(request, cancellationToken);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static byte[] Message(string text) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["type"] = "message",
        ["text"] = text,
        ["from"] = new Dictionary<string, string> { ["id"] = "bench-user", ["role"] = "user" },
        ["channelData"] = new Dictionary<string, string> { ["clientActivityID"] = Guid.NewGuid().ToString("n") },
    });
}

/// <summary>The service as its own process on a free loopback port, with its own SQLite folder.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process process;
    private readonly string dataDirectory;

    private ServerProcess(Process process, Uri baseAddress, string dataDirectory)
    {
        this.process = process;
        BaseAddress = baseAddress;
        this.dataDirectory = dataDirectory;
    }

    public Uri BaseAddress { get; }

    public static async Task<ServerProcess> StartAsync(BenchmarkSettings settings)
    {
        var port = FreePort();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "oppassistant-bench-" + Guid.NewGuid().ToString("n"));
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "OppAssistant.Web.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Storage__DataDirectory"] = dataDirectory;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["DirectLine__TokenRequestsPerMinute"] = (settings.Conversations * 4).ToString(CultureInfo.InvariantCulture);
        // A load test posts far faster than a person types.
        start.Environment["DirectLine__ActivitiesPerMinute"] = "1000000";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the service");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("[server] " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"), dataDirectory);
        using var probe = new HttpClient { BaseAddress = server.BaseAddress };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                using var health = await probe.GetAsync("/healthz");
                if (health.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the service exited with code {process.ExitCode}");
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the service did not become healthy in 30 s");
    }

    /// <summary>Current and peak resident memory of the server process (Linux /proc), in MiB.</summary>
    public (double Resident, double Peak) Memory()
    {
        var status = File.ReadAllLines($"/proc/{process.Id}/status");
        double Read(string field) => double.Parse(
            status.First(l => l.StartsWith(field, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        return (Read("VmRSS"), Read("VmHWM"));
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process.Dispose();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
