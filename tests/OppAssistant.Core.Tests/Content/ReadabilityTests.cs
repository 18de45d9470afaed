using OppAssistant.Core.Content;

namespace OppAssistant.Core.Tests.Content;

/// <summary>The Dutch readability measure: sentences, words, syllables and the Flesch-Douma score.</summary>
public sealed class ReadabilityTests
{
    [Theory]
    [InlineData("de", 1)]
    [InlineData("school", 1)]
    [InlineData("juf", 1)]
    [InlineData("meester", 2)]
    [InlineData("code", 2)]
    [InlineData("lange", 2)]
    [InlineData("mijn", 1)]
    [InlineData("bijeen", 2)]
    [InlineData("fijn", 1)]
    [InlineData("leuk", 1)]
    [InlineData("huis", 1)]
    [InlineData("oud", 1)]
    [InlineData("blauw", 1)]
    [InlineData("nieuw", 1)]
    [InlineData("nieuwe", 2)]
    [InlineData("eeuw", 1)]
    [InlineData("groeien", 2)]
    [InlineData("mooie", 2)]
    [InlineData("draaien", 2)]
    [InlineData("hoi", 1)]
    [InlineData("moeilijk", 2)]
    [InlineData("makkelijk", 3)]
    [InlineData("ouders", 2)]
    [InlineData("leerling", 2)]
    [InlineData("klasgenoten", 4)]
    [InlineData("ideeën", 3)]
    [InlineData("België", 3)]
    [InlineData("radio", 3)]
    [InlineData("video", 3)]
    [InlineData("één", 1)]
    [InlineData("typ", 1)]
    [InlineData("IB'er", 2)]
    [InlineData("vervolgopleiding", 5)]
    [InlineData("ondersteuning", 4)]
    [InlineData("ontwikkelingsperspectiefplan", 8)]
    [InlineData("6", 1)]
    public void Syllables_are_counted_the_Dutch_way(string word, int syllables) =>
        Assert.Equal(syllables, Readability.Syllables(word));

    [Fact]
    public void Placeholders_markdown_and_emoji_are_not_read_and_line_breaks_end_a_sentence()
    {
        Assert.Equal(["Vraag van", "Je kunt typen:", "stop: dan stoppen we", "Kies een knop"],
            Readability.Sentences("Vraag {number} van {total}\nJe kunt typen:\n- **stop**: dan stoppen we.\n🙂 Kies een knop!"));
        Assert.Equal(["IB'er", "e-mail", "groep", "6"], Readability.Words("IB'er, e-mail; groep 6 🙂"));
        Assert.Equal(Readability.Measure("Kies een knop."), Readability.Measure("🙂 **Kies** een knop {max}."));
    }

    [Fact]
    public void A_short_simple_sentence_scores_high_and_a_long_official_one_low()
    {
        // 5 words, 5 syllables: 206.835 − 0.93 × 5 − 77 × 1 = 125.2
        var simple = Readability.Measure("Wat vind jij fijn thuis?");
        Assert.Equal((1, 5, 5, 19), (simple.Sentences, simple.Words, simple.Syllables, simple.Letters));
        Assert.Equal(125.185, simple.FleschDouma, 3);

        var hard = Readability.Measure(
            "Het bevoegd gezag stelt, na op overeenstemming gericht overleg met de ouders, het ontwikkelingsperspectiefplan vast, " +
            "waarbij de ondersteuningsbehoefte van de leerling en de daaruit voortvloeiende onderwijsbehoeften worden beschreven.");
        Assert.Equal(1, hard.Sentences);
        Assert.Equal(28, hard.Words);
        Assert.True(hard.FleschDouma < 30, hard.ToString());
        Assert.True(hard.LettersPerWord > 6, hard.ToString());
    }

    [Fact]
    public void The_measures_of_two_texts_add_up_as_one_text()
    {
        var one = Readability.Measure("Hoe gaat het op school?");
        var two = Readability.Measure("Wat wil je leren? Wie helpt je?");

        var total = one + two;

        Assert.Equal(Readability.Measure("Hoe gaat het op school? Wat wil je leren? Wie helpt je?"), total);
        Assert.Equal(4.0, total.WordsPerSentence, 3);
        Assert.Equal(0, ReadabilityScore.Empty.FleschDouma);
    }
}
