using System.Globalization;
using OppAssistant.Core.Content;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Pupil;

namespace OppAssistant.Core.Tests.Content;

/// <summary>The content of dialogs/pupil/: what each age band asks, and how honestly it says who reads the answers.</summary>
public sealed class PupilDialogFilesTests : IDisposable
{
    private static readonly PupilDialog Pupil = DialogCatalog.Load(Repo.DialogsDirectory).Pupil;

    private readonly string root = Path.Combine(Path.GetTempPath(), "oppassistant-pupil-files-" + Guid.NewGuid().ToString("n"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    public static TheoryData<string> Bands => new(Enum.GetValues<AgeBand>().Select(AgeBands.Id));

    [Theory]
    [InlineData("groep-1-2", 3, 5)]
    [InlineData("groep-3-5", 6, 9)]
    [InlineData("groep-6-8", 9, 12)]
    [InlineData("vo", 9, 12)]
    public void Each_band_asks_a_number_of_questions_that_fits_its_age(string band, int min, int max)
    {
        var count = Band(band).Questions.Count;

        Assert.InRange(count, min, max);
    }

    [Theory]
    [MemberData(nameof(Bands))]
    public void Every_question_has_a_simpler_version_in_other_words_and_names_its_sources(string band) =>
        Assert.All(Band(band).Questions, q =>
        {
            Assert.False(string.IsNullOrWhiteSpace(q.Simpler), q.Id);
            Assert.NotEqual(Normalize(q.Text), Normalize(q.Simpler));
            Assert.NotEmpty(q.Sources);
            Assert.All(q.Sources, s => Assert.Matches(@"^(faq-brief §|stakeholders-and-law-brief §|PRODUCT\.md:)", s));
        });

    [Theory]
    [MemberData(nameof(Bands))]
    public void Smileys_and_pictures_have_an_emoji_and_a_label_in_words_for_screen_readers(string band)
    {
        var options = Band(band).Questions.Where(q => q.Kind != PupilQuestionKind.Open).SelectMany(q => q.Options).ToList();

        Assert.NotEmpty(options);
        Assert.All(options, o =>
        {
            Assert.False(string.IsNullOrWhiteSpace(o.Emoji), o.Label);
            Assert.Contains(o.Label, c => char.IsLetter(c));
            Assert.Equal(o.Emoji + " " + o.Label, o.Title);
        });
    }

    [Theory]
    [MemberData(nameof(Bands))]
    public void The_opening_says_honestly_who_reads_the_answers_and_promises_no_secrecy(string band)
    {
        var dialog = Band(band);
        var honest = (dialog.Text("welcome") + "\n" + dialog.Text("about_answers")).ToLower(CultureInfo.GetCultureInfo("nl-NL"));

        foreach (var promise in new[] { "geheim", "niemand", "alleen jij", "tussen ons", "blijft bij mij", "vertel ik niet" })
        {
            Assert.DoesNotContain(promise, honest, StringComparison.Ordinal);
        }
        Assert.Contains("plan", honest, StringComparison.Ordinal);
        Assert.Matches(band == "vo" ? "mentor" : "juf of meester", honest);
        Assert.Matches("ouders|thuis", honest);
    }

    [Theory]
    [MemberData(nameof(Bands))]
    public void Each_band_asks_about_the_three_circles_what_helps_and_what_to_learn(string band)
    {
        var questions = Band(band).Questions;

        Assert.Equal([Circle.Pupil, Circle.School, Circle.Home], questions.Where(q => q.Circle is not null).Select(q => q.Circle!.Value).Distinct().Order());
        Assert.Contains(questions, q => q.Part == PupilPart.Outlook && q.Text.Contains("help", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(questions, q => q.Influence == Influence.Supporting);
        Assert.Contains(questions, q => q.Influence == Influence.Hindering);
        if (band != "groep-1-2")
        {
            Assert.Contains(questions, q => q.Part == PupilPart.Outlook && q.Text.Contains("leren", StringComparison.Ordinal));
            Assert.Contains(questions, q => q.Part == PupilPart.Voice && q.Text.Contains("vragen, vertellen of laten zien", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Groep_1_2_is_read_aloud_with_an_adult_and_answered_mostly_with_smileys_and_pictures()
    {
        var dialog = Band("groep-1-2");

        Assert.True(dialog.WithAdult);
        Assert.True(dialog.Questions.Count(q => q.Options.Count > 0) * 2 > dialog.Questions.Count);
        Assert.Contains("voor", dialog.Text("welcome"), StringComparison.Ordinal);
        Assert.Contains("typt", dialog.Text("welcome"), StringComparison.Ordinal);
        Assert.All(dialog.Questions.Where(q => q.Kind == PupilQuestionKind.Open), q => Assert.True(q.MaxLength <= 300));
    }

    [Fact]
    public void Groep_6_8_asks_about_the_next_school()
    {
        var outlook = Band("groep-6-8").Questions.Where(q => q.Part == PupilPart.Outlook).ToList();

        Assert.Contains(outlook, q => q.Text.Contains("school", StringComparison.Ordinal) && q.Text.Contains("groep 8", StringComparison.Ordinal));
        Assert.Contains(outlook, q => q.Text.Contains("nodig", StringComparison.Ordinal));
    }

    [Fact]
    public void Vo_asks_about_the_next_step_in_the_pupils_own_words_and_proposes_none()
    {
        var outlook = Band("vo").Questions.Where(q => q.Part == PupilPart.Outlook).ToList();

        var next = Assert.Single(outlook, q => q.Text.Contains("na deze school", StringComparison.Ordinal));
        Assert.Equal(PupilQuestionKind.Open, next.Kind);
        Assert.Contains("opleiding, stage of werk", next.Text, StringComparison.Ordinal);
        Assert.Contains(outlook, q => q.Text.Contains("nodig", StringComparison.Ordinal));
        // The next school and the next step are asked open: no button offers a level, a school or a placement.
        Assert.All(outlook.Concat(Band("groep-6-8").Questions.Where(q => q.Part == PupilPart.Outlook)), q => Assert.Equal(PupilQuestionKind.Open, q.Kind));
    }

    [Theory]
    [MemberData(nameof(Bands))]
    public void Skipping_not_understanding_and_stopping_are_explained_at_the_start(string band)
    {
        var dialog = Band(band);
        var start = dialog.Text("start");

        Assert.Contains(dialog.Buttons["not_saying"], start, StringComparison.Ordinal);
        Assert.Contains(dialog.Buttons["not_understood"], start, StringComparison.Ordinal);
        Assert.Contains(Pupil.Commands["stop"][0], start, StringComparison.Ordinal);
        Assert.Contains(Pupil.Commands["continue"][0], dialog.Text("stopped"), StringComparison.Ordinal);
        Assert.Contains(Pupil.Commands["continue"][0], dialog.Text("after_stop"), StringComparison.Ordinal);
    }

    /// <summary>After the last question these come right before the goodbye: a promised "next question" would not come.</summary>
    [Theory]
    [MemberData(nameof(Bands))]
    public void Skipped_and_not_understood_texts_promise_no_next_question(string band) =>
        Assert.All(new[] { "skipped", "not_understood_again" }, key =>
        {
            var text = Band(band).Text(key).ToLowerInvariant();
            Assert.DoesNotContain("volgende", text, StringComparison.Ordinal);
            Assert.DoesNotContain("we gaan door", text, StringComparison.Ordinal);
        });

    [Fact]
    public void Text_sources_may_name_only_texts_of_the_band()
    {
        Repo.CopyDialogs(Path.Combine(root, "dialogs"));
        Repo.CopyPrompts(Path.Combine(root, "prompts"));
        var path = Path.Combine(root, "dialogs", "pupil", "groep-3-5.yaml");
        File.WriteAllText(path, File.ReadAllText(path).Replace("text_sources:\n", "text_sources:\n  farewell: [\"faq-brief §4.1\"]\n", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(Path.Combine(root, "dialogs")));

        Assert.Contains("dialogs/pupil/groep-3-5.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains("'text_sources': there is no text 'farewell'", error.Message, StringComparison.Ordinal);
    }

    private static PupilBandDialog Band(string id) => Pupil.Band(AgeBands.FromId(id)!.Value);

    private static string Normalize(string text) => TextMatcher.Normalize(text);
}
