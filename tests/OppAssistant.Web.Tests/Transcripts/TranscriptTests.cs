using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OppAssistant.Core.Content;
using OppAssistant.Core.Opp;

namespace OppAssistant.Web.Tests.Transcripts;

/// <summary>Every .transcript in Transcripts/ replays green, and the replayer can fail and record.</summary>
public sealed class TranscriptTests : IDisposable
{
    private const string Sample = "role-choice.transcript";

    private readonly string temp = Path.Combine(Path.GetTempPath(), "oppassistant-tests", "transcripts-" + Guid.NewGuid().ToString("n"));

    public TranscriptTests() => Directory.CreateDirectory(temp);

    public static TheoryData<string> Transcripts => new(TranscriptReplayer.Names());

    [Theory]
    [MemberData(nameof(Transcripts))]
    public async Task The_transcript_replays_as_recorded(string transcript)
    {
        await using var run = await TranscriptReplayer.ReplayAsync(transcript);
    }

    [Fact]
    public async Task The_sample_runs_on_the_fixed_clock_with_the_callers_services_and_keeps_the_host_for_inspection()
    {
        var marker = new object();

        await using var run = await TranscriptReplayer.ReplayAsync(Sample, services => services.AddSingleton(marker));

        // The core registers TimeProvider.System with TryAdd; the replayer's AddSingleton must win.
        Assert.Same(run.Time, run.Services.GetRequiredService<TimeProvider>());
        Assert.Same(marker, run.Services.GetRequiredService<object>());
        Assert.Equal(["2026-11-23T09:00:00.000Z", "2026-11-23T09:00:05.000Z"], run.Replies.Select(r => (string?)r[0]["timestamp"]));
        var dialogs = run.Services.GetRequiredService<DialogCatalog>();
        Assert.Equal(dialogs.Common.Text("welcome"), (string?)run.Replies[0][0]["text"]);
        Assert.Contains(run.Replies[0], a => a["attachments"]?[0]?["content"]?.ToJsonString().Contains(dialogs.Common.Text("ask_role"), StringComparison.Ordinal) == true);
        Assert.Contains(run.Replies[1], a => (string?)a["text"] == dialogs.Common.For(Core.Conversation.Role.Teacher).Intro);
    }

    [Fact]
    public async Task A_reply_that_differs_fails_naming_the_file_the_user_activity_and_the_difference()
    {
        var path = UserOnlyCopy("role-choice-altered.transcript");
        // A baseline recorded from the current bot, so this test does not depend on the sample being up to date.
        await using (await TranscriptReplayer.ReplayAsync(path, record: true))
        {
        }
        var recorded = TranscriptFile.Read(path);
        var lastBot = recorded.Turns[1].Bot[^1];
        lastBot["text"] = (string?)lastBot["text"] + " (gewijzigd)";
        new TranscriptFile(recorded.Name, recorded.Activities).Write(path);

        var failure = await Assert.ThrowsAsync<TranscriptMismatchException>(() => TranscriptReplayer.ReplayAsync(path, record: false));

        Assert.Contains($"role-choice-altered.transcript, user activity #2 (activities[{recorded.Turns[1].Index}])", failure.Message, StringComparison.Ordinal);
        Assert.Contains("text \"ik ben leraar\"", failure.Message, StringComparison.Ordinal);
        Assert.Contains("(gewijzigd)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("--- expected", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task User_activities_alone_fail_then_recording_adds_the_replies_and_the_result_replays_green()
    {
        var path = UserOnlyCopy("role-choice-new.transcript");
        var userActivities = TranscriptFile.Read(path).Activities;

        var failure = await Assert.ThrowsAsync<TranscriptMismatchException>(() => TranscriptReplayer.ReplayAsync(path, record: false));
        Assert.Contains("user activity #1 (activities[0])", failure.Message, StringComparison.Ordinal);
        Assert.Contains("expected 0 bot activities", failure.Message, StringComparison.Ordinal);

        await using (var recording = await TranscriptReplayer.ReplayAsync(path, record: true))
        {
            Assert.True(recording.Recorded);
        }
        var recorded = TranscriptFile.Read(path);
        Assert.Equal(userActivities.Select(a => a.ToJsonString()), recorded.Turns.Select(t => t.User.ToJsonString()));
        Assert.All(recorded.Turns, t => Assert.NotEmpty(t.Bot));
        Assert.All(recorded.Turns.SelectMany(t => t.Bot), a =>
        {
            Assert.Equal(TranscriptFile.BotRole, (string?)a["from"]?["role"]);
            Assert.Equal(TranscriptFile.UserRole, (string?)a["recipient"]?["role"]);
            Assert.Null(a["timestamp"]);
        });

        await using var replay = await TranscriptReplayer.ReplayAsync(path, record: false);
        Assert.False(replay.Recorded);
    }

    [Fact]
    public async Task Recording_still_fails_when_the_endpoint_answers_with_an_error()
    {
        var path = UserOnlyCopy("role-choice-broken.transcript");
        var broken = TranscriptFile.Read(path);
        // An invoke nobody handles is 501, so no reply can be recorded.
        broken.Turns[1].User["type"] = "invoke";
        broken.Turns[1].User["name"] = "composeExtension/query";
        new TranscriptFile(broken.Name, broken.Activities).Write(path);
        var before = File.ReadAllText(path);

        var failure = await Assert.ThrowsAsync<TranscriptMismatchException>(() => TranscriptReplayer.ReplayAsync(path, record: true));

        Assert.Contains("role-choice-broken.transcript, user activity #2", failure.Message, StringComparison.Ordinal);
        Assert.Contains("answered 501", failure.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(path));
    }

    [Fact]
    public async Task Recording_again_gives_the_same_file_because_plan_ids_and_resume_codes_are_seeded()
    {
        // This one shows a resume code, a plan id in the "mijn OPP's" buttons, and a second user's new plan.
        const string shipped = "teacher-pause-resume.transcript";
        var first = UserOnlyCopy("pause-resume-first.transcript", shipped);
        var second = UserOnlyCopy("pause-resume-second.transcript", shipped);

        await using (var run = await TranscriptReplayer.ReplayAsync(first, record: true))
        {
            Assert.IsType<SeededRandomSource>(run.Services.GetRequiredService<RandomSource>());
        }
        await using (await TranscriptReplayer.ReplayAsync(second, record: true))
        {
        }

        Assert.Equal(File.ReadAllText(first), File.ReadAllText(second));
        if (!TranscriptReplayer.UpdateRequested)
        {
            // While recording, the shipped copy may be the old one on purpose.
            Assert.Equal(File.ReadAllText(Path.Combine(TranscriptReplayer.OutputDirectory, shipped)), File.ReadAllText(first));
        }
    }

    [Fact]
    public void A_seeded_random_source_repeats_its_bytes_for_the_same_seed()
    {
        Span<byte> a = stackalloc byte[22];
        Span<byte> b = stackalloc byte[22];
        Span<byte> c = stackalloc byte[22];

        new SeededRandomSource(TranscriptReplayer.Seed).Fill(a);
        new SeededRandomSource(TranscriptReplayer.Seed).Fill(b);
        new SeededRandomSource(TranscriptReplayer.Seed + 1).Fill(c);

        Assert.True(a.SequenceEqual(b));
        Assert.False(a.SequenceEqual(c));
    }

    [Fact]
    public void The_sample_is_stored_as_the_replayer_writes_it()
    {
        var path = Path.Combine(TranscriptReplayer.OutputDirectory, Sample);
        var bytes = File.ReadAllBytes(path);

        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "no BOM");
        Assert.Equal(TranscriptFile.Read(path).ToJson(), Encoding.UTF8.GetString(bytes));
        // Dutch characters and apostrophes stay readable.
        Assert.Contains("zorgcoördinator", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Contains("IB'er", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(temp, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The user activities only of a shipped transcript (the sample by default), as an author would write a new one.</summary>
    private string UserOnlyCopy(string name, string from = Sample)
    {
        var sample = TranscriptFile.Read(Path.Combine(TranscriptReplayer.OutputDirectory, from));
        var path = Path.Combine(temp, name);
        new TranscriptFile(name, sample.Turns.Select(t => t.User)).Write(path);
        return path;
    }
}
