using System.Text.Json;
using OppAssistant.Core.Content;

namespace OppAssistant.Core.Tests.Content;

/// <summary>Answers read from typed text and card submits, against the real questions of dialogs/teacher.yaml.</summary>
public sealed class AnswerParserTests
{
    private static readonly TeacherDialog Teacher = DialogCatalog.Load(Repo.DialogsDirectory).Teacher;

    private static QuestionDialog Question(string slot) => Teacher.Questions.Single(q => q.Slot.Name == slot);

    [Fact]
    public void Text_is_trimmed_and_kept_up_to_its_limit()
    {
        var name = Question("pupil.name");

        Assert.Equal(["Noor"], AnswerParser.Parse(name, "  Noor ", null).Values);
        var tooLong = AnswerParser.Parse(name, new string('a', name.MaxLength + 1), null);
        Assert.Equal("too_long", tooLong.RefusalKey);
        Assert.Equal(name.MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture), tooLong.Placeholders!["max"]);
    }

    [Fact]
    public void A_very_long_answer_is_refused_not_cut()
    {
        var analysis = Question("insight.analysis");

        var answer = AnswerParser.Parse(analysis, new string('x', 20_000), null);

        Assert.False(answer.Accepted);
        Assert.Equal("too_long", answer.RefusalKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void An_empty_answer_is_refused(string? text) =>
        Assert.Equal("empty_answer", AnswerParser.Parse(Question("pupil.reason"), text, null).RefusalKey);

    [Theory]
    [InlineData("1", "po")]
    [InlineData("basisschool", "po")]
    [InlineData("SBO", "sbo")]
    [InlineData("Voortgezet onderwijs", "vo")]
    public void A_choice_is_found_by_number_value_label_or_typed_answer(string typed, string value) =>
        Assert.Equal([value], AnswerParser.Parse(Question("pupil.school_type"), typed, null).Values);

    [Fact]
    public void A_choice_that_matches_nothing_is_refused() =>
        Assert.Equal("invalid_choice", AnswerParser.Parse(Question("pupil.school_type"), "universiteit van nergens", null).RefusalKey);

    [Theory]
    [InlineData("havo", new[] { "havo" })]
    [InlineData("vmbo-t/havo", new[] { "vmbo_gl_tl", "havo" })]
    [InlineData("havo en vwo", new[] { "havo", "vwo" })]
    [InlineData("vmbo gl/tl", new[] { "vmbo_gl_tl" })]
    public void Several_levels_may_be_chosen_for_a_double_level(string typed, string[] values) =>
        Assert.Equal(values, AnswerParser.Parse(Question("perspective.levels"), typed, null).Values);

    [Theory]
    [InlineData("vmbo kader, havo en vwo")]
    [InlineData("vmbo_kader,havo,vwo")]
    public void More_than_a_double_level_is_refused(string typed)
    {
        var answer = AnswerParser.Parse(Question("perspective.levels"), typed, null);

        Assert.Equal("too_many_choices", answer.RefusalKey);
        Assert.Equal("2", answer.Placeholders!["max"]);
    }

    [Theory]
    [InlineData("2027-03-15")]
    [InlineData("15-03-2027")]
    [InlineData("15/3/2027")]
    [InlineData("15 maart 2027")]
    [InlineData("15 mrt. 2027")]
    public void Dates_are_read_from_the_picker_and_the_Dutch_ways_of_typing_them(string typed) =>
        Assert.Equal(["2027-03-15"], AnswerParser.Parse(Question("goal.evaluate_on"), typed, null).Values);

    [Theory]
    [InlineData("volgende week")]
    [InlineData("31-02-2027")]
    [InlineData("15-13-2027")]
    public void Something_that_is_not_a_date_is_refused(string typed) =>
        Assert.Equal("invalid_date", AnswerParser.Parse(Question("goal.evaluate_on"), typed, null).RefusalKey);

    [Fact]
    public void A_card_answers_its_own_question_only()
    {
        var schoolType = Question("pupil.school_type");

        var own = AnswerParser.Parse(schoolType, null, Card(schoolType.Id, "so"));
        var stale = AnswerParser.Parse(schoolType, null, Card("some_earlier_question", "so"));

        Assert.Equal(["so"], own.Values);
        Assert.Equal("wrong_card", stale.RefusalKey);
    }

    [Fact]
    public void Every_refusal_has_its_re_prompt_in_the_dialogs()
    {
        string[] keys = ["too_long", "empty_answer", "invalid_choice", "invalid_date", "wrong_card"];

        Assert.All(keys, key => Assert.False(string.IsNullOrWhiteSpace(Teacher.Text(key))));
    }

    private static JsonElement Card(string question, string value) =>
        JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["action"] = "answer", ["question"] = question, ["value"] = value });
}
