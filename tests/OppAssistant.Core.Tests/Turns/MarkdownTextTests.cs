using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Tests.Turns;

public sealed class MarkdownTextTests
{
    [Theory]
    [InlineData("Ik vind *rekenen* leuk.", @"Ik vind \*rekenen\* leuk.")]
    [InlineData("mijn_naam", @"mijn\_naam")]
    [InlineData("[klik](http://x)", @"\[klik\](http://x)")]
    [InlineData("# kop", @"\# kop")]
    [InlineData("- niet als lijst", @"\- niet als lijst")]
    [InlineData("1. niet genummerd", @"1\. niet genummerd")]
    [InlineData("regel een\n2) twee", "regel een\n2\\) twee")]
    [InlineData(@"a\b", @"a\\b")]
    [InlineData("<b>vet</b>", @"\<b\>vet\</b\>")]
    public void Characters_that_Markdown_would_act_on_are_escaped(string typed, string escaped) =>
        Assert.Equal(escaped, MarkdownText.Escape(typed));

    [Theory]
    [InlineData("Het gaat goed op school.")]
    [InlineData("Op 1-7-2027 om 10.30 uur, 3 - 2 = 1.")]
    [InlineData("2025 was een goed jaar.")]
    [InlineData("Ik ben 10. Dat is leuk!")]
    public void Ordinary_sentences_stay_as_they_are(string typed) =>
        Assert.Equal(typed, MarkdownText.Escape(typed));
}
