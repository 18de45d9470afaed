using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OppAssistant.Core.Content;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Pupil;

namespace OppAssistant.Web.Tests.Transcripts;

/// <summary>
/// pupil-disclosure.transcript: a teacher invites her pupil, the pupil comes in with the code and, at the first
/// question, writes something that suggests harm. The transcript shows the calm reply and that the questions do not
/// go on; this test shows what was stored: the alert for the designated person, apart from the plan.
/// </summary>
public sealed class PupilTranscriptTests
{
    private const string Transcript = "pupil-disclosure.transcript";
    private const string Disclosure = "Mijn stiefvader slaat mij als hij boos is.";

    [Fact]
    public async Task A_disclosure_stops_the_questions_and_stores_an_alert_for_the_designated_person_apart_from_the_plan()
    {
        // Compared, never recorded: recording is the replay theory's job.
        await using var run = await TranscriptReplayer.ReplayAsync(Transcript, record: false);
        var stored = new StoredTeacherData(run);
        var dialogs = run.Services.GetRequiredService<DialogCatalog>();
        var band = dialogs.Pupil.Band(AgeBand.Groep6To8);
        var ct = TestContext.Current.CancellationToken;

        // What the pupil read: the reply with the helplines, and after it no question of the questionnaire.
        var pupilTurns = run.Replies.Skip(run.Replies.Count - 2).ToList();
        var reply = string.Join("\n", pupilTurns[0].Select(a => (string?)a["text"]));
        Assert.Contains("0800-0432", reply, StringComparison.Ordinal);
        Assert.Contains("112", reply, StringComparison.Ordinal);
        var afterwards = string.Join("\n", pupilTurns.SelectMany(t => t).Select(a => a.ToJsonString()));
        Assert.All(band.Questions, q => Assert.DoesNotContain(q.Text, afterwards, StringComparison.Ordinal));

        // The alert: stored in its own collection with only the sentence that matched.
        var id = Assert.Single(await SafeguardingAlerts.ListAsync(stored.Documents, ct));
        var alert = await SafeguardingAlerts.GetAsync(stored.Documents, id, ct);
        Assert.NotNull(alert);
        Assert.Equal((DisclosureCategory.Abuse, DisclosureDetection.PhraseList, Disclosure), (alert.Category, alert.Detection, alert.Sentence));
        Assert.Equal(("Daan", "groep 7", AgeBand.Groep6To8), (alert.PupilName, alert.GroupOrYear, alert.Band));

        // The plan knows the conversation was cut short, and holds none of the pupil's words about it.
        var plan = await stored.PlanAsync(await stored.StateAsync("a:transcript-pupil-disclosure-teacher"));
        Assert.Equal(alert.OppId, plan.Id);
        Assert.Equal(PupilConversationEnd.Interrupted, Assert.Single(plan.PupilVoice!.Conversations).End);
        Assert.DoesNotContain("stiefvader", JsonSerializer.Serialize(plan), StringComparison.Ordinal);
    }
}
