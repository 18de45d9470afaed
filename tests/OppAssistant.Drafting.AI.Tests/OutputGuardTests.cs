namespace OppAssistant.Drafting.AI.Tests;

/// <summary>The guard removes what proposes a perspective, level, school type or placement, and keeps the rest.</summary>
public sealed class OutputGuardTests
{
    [Theory]
    [InlineData("Het uitstroomperspectief is vmbo-kader.")]
    [InlineData("Het uitstroomperspectief wordt praktijkonderwijs.")]
    [InlineData("Het uitstroomperspectief zou havo moeten zijn.")]
    [InlineData("Uitstroomperspectief: vwo.")]
    [InlineData("Ik stel havo als uitstroomperspectief voor.")]
    [InlineData("Lina past het best in het vmbo.")]
    [InlineData("Ze past het best op het praktijkonderwijs.")]
    [InlineData("Hij hoort op het so.")]
    [InlineData("Hij hoort eigenlijk thuis op het speciaal basisonderwijs.")]
    [InlineData("«LEERLING_1» past op de havo.")]
    [InlineData("Doorstromen naar het vwo ligt voor de hand.")]
    [InlineData("Advies: vmbo-niveau.")]
    [InlineData("Mijn advies is om uit te gaan van het niveau basisberoepsgerichte leerweg.")]
    [InlineData("Ik adviseer havo.")]
    [InlineData("Het is aan te raden om praktijkonderwijs te overwegen.")]
    [InlineData("Ze werkt op havoniveau.")]
    [InlineData("Hij functioneert op vmbo-t-niveau.")]
    [InlineData("Vmbo-t lijkt haalbaar.")]
    [InlineData("Havo is voor haar niet realistisch.")]
    [InlineData("Een plaatsing in het vso is passender.")]
    [InlineData("Een TLV aanvragen is verstandig.")]
    [InlineData("Overplaatsing naar een andere school is te overwegen.")]
    [InlineData("De leerweg zou kader moeten zijn.")]
    [InlineData("Later kan hij naar het mbo.")]
    public void A_sentence_proposing_a_perspective_level_or_placement_is_found(string sentence) =>
        Assert.True(OutputGuard.ProposesPlacement(sentence), sentence);

    [Theory]
    [InlineData("Om het doel te behalen, heeft «LEERLING_1» nodig: korte instructie in een klein groepje.")]
    [InlineData("Het doel mist een datum: wanneer moet het gehaald zijn?")]
    [InlineData("Maak het meetbaar: hoeveel woorden per minuut leest ze dan?")]
    [InlineData("Lina leest nu op AVI-niveau M5.")]
    [InlineData("Hij werkt in groep 6 op het niveau van eind groep 5.")]
    [InlineData("Hij past goed in de groep.")]
    [InlineData("Het doel moet aansluiten bij het uitstroomperspectief dat het team heeft gekozen.")]
    [InlineData("Ze gaat op woensdag naar de logopedist.")]
    [InlineData("Hij werkt pro-actief mee in de klas.")]
    [InlineData("Voor de SO van vrijdag oefent hij de woordjes.")]
    [InlineData("Het niveau van de instructie moet haalbaar zijn.")]
    [InlineData("Als ouder wil ik bereiken dat mijn kind thuis elke dag leest.")]
    [InlineData("Zij heeft een intern begeleider nodig die meekijkt in de klas.")]
    public void An_ordinary_sentence_is_kept(string sentence) =>
        Assert.False(OutputGuard.ProposesPlacement(sentence), sentence);

    [Fact]
    public void Only_the_offending_sentences_go_and_lines_and_bullets_stay()
    {
        var answer = "- Om het doel te behalen, heeft «LEERLING_1» nodig: korte uitleg. Het uitstroomperspectief is havo.\n" +
                     "- Lina past het best op het vmbo.\n" +
                     "\n" +
                     "- Zet een datum bij het doel.";

        var (text, removed) = OutputGuard.Clean(answer);

        Assert.Equal("- Om het doel te behalen, heeft «LEERLING_1» nodig: korte uitleg.\n\n- Zet een datum bij het doel.", text);
        Assert.Equal(2, removed);
    }

    [Fact]
    public void An_answer_of_only_proposals_becomes_empty()
    {
        var (text, removed) = OutputGuard.Clean("Advies: havo-niveau. Het uitstroomperspectief is vwo.");

        Assert.Equal("", text);
        Assert.Equal(2, removed);
    }

    [Fact]
    public void A_clean_answer_is_unchanged()
    {
        const string answer = "Om het doel te behalen, heeft «LEERLING_1» nodig: elke dag tien minuten hardop lezen.\nEn feedback direct daarna.";

        Assert.Equal((answer, 0), OutputGuard.Clean(answer));
    }
}
