using System.Text;
using OppAssistant.Core.Content;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Pupil;

namespace OppAssistant.Core.Tests.Content;

/// <summary>dialogs/pupil/: the loader takes what the schema allows and refuses the rest with file and line.</summary>
public sealed class PupilDialogTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "oppassistant-pupil-" + Guid.NewGuid().ToString("n"));

    private string DialogsCopy => Path.Combine(root, "dialogs");

    public PupilDialogTests()
    {
        Repo.CopyDialogs(DialogsCopy);
        Repo.CopyPrompts(Path.Combine(root, "prompts"));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void The_repository_has_all_four_bands_each_asking_something_in_the_three_steps_and_at_least_one_smiley()
    {
        var pupil = DialogCatalog.Load(Repo.DialogsDirectory).Pupil;

        Assert.Equal(Enum.GetValues<AgeBand>(), pupil.Bands.Keys.Order());
        Assert.All(pupil.Bands.Values, band =>
        {
            Assert.Contains(band.Questions, q => q.Kind == PupilQuestionKind.Smiley);
            Assert.Contains(band.Questions, q => q.Part == PupilPart.Overview);
            Assert.Contains(band.Questions, q => q.Part == PupilPart.Outlook);
            Assert.All(band.Questions, q => Assert.NotEqual(q.Text, q.Simpler));
            Assert.NotEmpty(band.Company);
        });
        Assert.True(pupil.Band(AgeBand.Groep1To2).WithAdult);
        Assert.DoesNotContain(pupil.Band(AgeBand.Groep1To2).Company, c => c.Id == "alone");
        Assert.True(pupil.Band(AgeBand.Groep1To2).Questions.Count <= 5, "groep 1–2 asks only a few questions");
    }

    [Fact]
    public void A_minimal_band_file_loads_with_its_smiley_scale_and_picture_options()
    {
        Write("groep-3-5", Minimal("groep-3-5"));

        var band = DialogCatalog.Load(DialogsCopy).Pupil.Band(AgeBand.Groep3To5);

        var smiley = band.Question("feeling");
        Assert.Equal((PupilQuestionKind.Smiley, PupilPart.Overview, Circle.School), (smiley.Kind, smiley.Part, smiley.Circle!.Value));
        Assert.Equal(["🙁 Niet fijn", "🙂 Fijn"], smiley.Options.Select(o => o.Title));
        Assert.Equal([1, 2], smiley.Options.Select(o => o.Value!.Value));
        Assert.Equal(PupilBandDialog.DefaultMaxLength, band.Question("wish").MaxLength);
        Assert.Equal("Vraag 2 van 3", band.Text("progress", ("number", "2"), ("total", "3")));
    }

    [Theory]
    [InlineData("band: groep-3-5", "band: groep-6-8", "'band' must be 'groep-3-5'")]
    [InlineData("with_adult: false", "with_adult: true", "'with_adult' is true for groep-1-2 only")]
    [InlineData("    simpler: Vind je school fijn?\n", "", "missing 'simpler'")]
    [InlineData("part: outlook", "part: later", "'part' must be one of overview, insight, outlook, voice")]
    [InlineData("    circle: school\n", "", "an overview question names its circle")]
    [InlineData("scale: smiley", "scale: sterren", "unknown scale 'sterren'")]
    [InlineData("id: wish", "id: feeling", "question id 'feeling' is used twice")]
    [InlineData("  progress: \"Vraag {number} van {total}\"", "  progress: \"Vraag {number}\"", "'progress' must use the placeholders {number}, {total}")]
    [InlineData("  goodbye: Dank je wel!\n", "", "missing text 'goodbye'")]
    [InlineData("{ id: parents,", "{ id: grandma,", "company 'grandma' is unknown")]
    [InlineData("answers: [fijn, blij]", "answers: [fijn, niet fijn]", "share a typed answer")]
    [InlineData("answers: [fijn, blij]", "answers: [fijn, stop]", "the answer 'stop' of 'Fijn' is also a command")]
    public void Broken_band_files_are_refused_with_file_line_and_reason(string from, string to, string reason)
    {
        var yaml = Minimal("groep-3-5");
        Assert.Contains(from, yaml, StringComparison.Ordinal);
        Write("groep-3-5", yaml.Replace(from, to, StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Contains("dialogs/pupil/groep-3-5.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Groep_1_2_has_an_adult_and_never_alone()
    {
        var yaml = Minimal("groep-1-2").Replace("with_adult: false", "with_adult: true", StringComparison.Ordinal);
        Write("groep-1-2", yaml.Replace("{ id: parents,", "{ id: alone,", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Contains("groep-1-2 has no 'alone'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pupil_command_may_not_also_be_a_command_that_works_everywhere()
    {
        var common = Path.Combine(DialogsCopy, "pupil", "common.yaml");
        var yaml = File.ReadAllText(common);
        var index = yaml.IndexOf("  stop: [", StringComparison.Ordinal);
        File.WriteAllText(common, yaml.Insert(index + "  stop: [".Length, "help, "));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Contains("command 'stop': 'help' is already", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_band_file_stops_loading()
    {
        File.Delete(Path.Combine(DialogsCopy, "pupil", "vo.yaml"));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Contains("dialogs/pupil/vo.yaml: the file is missing", error.Message, StringComparison.Ordinal);
    }

    private void Write(string band, string yaml) => File.WriteAllText(Path.Combine(DialogsCopy, "pupil", band + ".yaml"), yaml);

    private static string Minimal(string band)
    {
        var yaml = new StringBuilder($"""
            band: {band}
            title: Een band
            with_adult: false
            buttons:
              not_saying: Zeg ik niet
              not_understood: Snap ik niet
            texts:

            """);
        foreach (var key in PupilBandDialog.RequiredTexts)
        {
            var text = key switch
            {
                "progress" => "\"Vraag {number} van {total}\"",
                "goodbye" => "Dank je wel!",
                _ => "Tekst " + key + ".",
            };
            yaml.Append("  ").Append(key).Append(": ").Append(text).Append('\n');
        }
        yaml.Append("""
            company:
              - { id: parents, label: Met mama of papa, answers: [mama, papa] }
              - { id: other, label: Met iemand anders, answers: [iemand anders] }
            scales:
              smiley:
                - { value: 1, emoji: "🙁", label: Niet fijn, answers: [niet fijn, stom] }
                - { value: 2, emoji: "🙂", label: Fijn, answers: [fijn, blij] }
            questions:
              - id: feeling
                kind: smiley
                part: overview
                circle: school
                scale: smiley
                text: Hoe is het op school?
                simpler: Vind je school fijn?
                sources: ["faq-brief §4.2"]
              - id: place
                kind: choice
                part: overview
                circle: pupil
                options:
                  - { id: inside, emoji: "🏫", label: Binnen, answers: [binnen] }
                  - { id: outside, emoji: "🌳", label: Buiten, answers: [buiten] }
                text: Waar speel je het liefst?
                simpler: Binnen of buiten?
                sources: ["faq-brief §4.2"]
              - id: wish
                kind: open
                part: outlook
                text: Wat wil je leren?
                simpler: Wat wil je beter kunnen?
                sources: ["faq-brief §4.2"]

            """);
        return yaml.ToString();
    }
}
