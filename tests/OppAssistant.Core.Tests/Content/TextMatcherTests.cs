using OppAssistant.Core.Content;

namespace OppAssistant.Core.Tests.Content;

public sealed class TextMatcherTests
{
    [Theory]
    [InlineData("  IB'er! ", "ib er")]
    [InlineData("Zorgcoördinator", "zorgcoordinator")]
    [InlineData("ik   ben\tjuf.", "ik ben juf")]
    [InlineData("???", "")]
    [InlineData(null, "")]
    public void Normalize_folds_case_accents_and_punctuation(string? input, string expected) =>
        Assert.Equal(expected, TextMatcher.Normalize(input));

    [Fact]
    public void Mentions_matches_whole_words_only()
    {
        Assert.True(TextMatcher.Mentions("ik ben de juf", ["juf"]));
        Assert.False(TextMatcher.Mentions("jufferen", ["juf"]));
        Assert.True(TextMatcher.Mentions("Als intern begeleider", ["intern begeleider"]));
    }

    [Fact]
    public void IsExactly_compares_a_bare_question_mark_as_typed() =>
        Assert.True(TextMatcher.IsExactly(" ? ", ["help", "?"]));
}
