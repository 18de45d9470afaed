using OppAssistant.Core.Content;
using OppAssistant.Core.Pupil;

namespace OppAssistant.Core.Tests.Pupil;

/// <summary>The phrase lists of dialogs/safeguarding.yaml: what a child may write when something is wrong, and ordinary Dutch that is not.</summary>
public sealed class DisclosureDetectorTests
{
    private static readonly DisclosureDetector Detector = DialogCatalog.Load(Repo.DialogsDirectory).Safeguarding.Detector;

    public static TheoryData<string, DisclosureCategory> Disclosures() => new()
    {
        // Abuse: hitting, kicking, touching, in a child's spelling too.
        { "Mijn stiefvader slaat mij als hij boos is.", DisclosureCategory.Abuse },
        { "papa slaat me", DisclosureCategory.Abuse },
        { "hij sla mij", DisclosureCategory.Abuse },
        { "mama slaaaaat mij soms", DisclosureCategory.Abuse },
        { "Hij SLAAT ME!!!", DisclosureCategory.Abuse },
        { "mijn oom schopt me", DisclosureCategory.Abuse },
        { "ik word thuis geslagen", DisclosureCategory.Abuse },
        { "ik krijg klappen van mijn vader", DisclosureCategory.Abuse },
        { "mijn vader mishandelt mij", DisclosureCategory.Abuse },
        { "ik ben misbruikt", DisclosureCategory.Abuse },
        { "ik ben mishandelt", DisclosureCategory.Abuse },
        { "ik ben misbruukt", DisclosureCategory.Abuse },
        { "hij aanraakt waar ik niet wil", DisclosureCategory.Abuse },
        { "mijn buurman zit aan m'n piemel", DisclosureCategory.Abuse },
        { "ik krijg thuis geen eten", DisclosureCategory.Abuse },
        // Violence between others at home.
        { "papa slaat mama", DisclosureCategory.HomeViolence },
        { "mijn vader slaat mijn moeder", DisclosureCategory.HomeViolence },
        { "mijn ouders slaan elkaar", DisclosureCategory.HomeViolence },
        { "de politie kwam bij ons thuis", DisclosureCategory.HomeViolence },
        { "ik ben bang voor mijn vader", DisclosureCategory.HomeViolence },
        { "ik durf niet naar huis", DisclosureCategory.HomeViolence },
        { "er is veel geweld thuis", DisclosureCategory.HomeViolence },
        { "ik krijg niks te eten", DisclosureCategory.Abuse },
        // Self-harm.
        { "ik snij mezelf", DisclosureCategory.SelfHarm },
        { "ik snij me zelf", DisclosureCategory.SelfHarm },
        { "soms wil ik mezelf pijn doen", DisclosureCategory.SelfHarm },
        { "ik doe mezelf pijn", DisclosureCategory.SelfHarm },
        { "ik kras in mijn arm", DisclosureCategory.SelfHarm },
        { "ik sla mezelf", DisclosureCategory.SelfHarm },
        // Suicidal thoughts.
        { "ik wil dood", DisclosureCategory.Suicidal },
        { "Ik wil echt dood.", DisclosureCategory.Suicidal },
        { "ik wil niet meer leven", DisclosureCategory.Suicidal },
        { "ik wil gewoon niet meer leve", DisclosureCategory.Suicidal },
        { "ik wil er niet meer zijn", DisclosureCategory.Suicidal },
        { "ik denk aan zelfmoord", DisclosureCategory.Suicidal },
        { "zelfmort", DisclosureCategory.Suicidal },
        { "ik denk aan zelf moord", DisclosureCategory.Suicidal },
        { "ik denk aan zelfmoort", DisclosureCategory.Suicidal },
        { "ik denk aan zelfmooooord", DisclosureCategory.Suicidal },
        { "ik wil dood gaan", DisclosureCategory.Suicidal },
        { "ik ben liever dood", DisclosureCategory.Suicidal },
        { "ik ga mezelf iets aandoen", DisclosureCategory.Suicidal },
        { "ik wil een einde aan mijn leven maken", DisclosureCategory.Suicidal },
        { "Ik wíl dóód", DisclosureCategory.Suicidal },
    };

    public static TheoryData<string> OrdinaryDutch() =>
    [
        "ik sla de bal",
        "dood moe",
        "ik ben doodmoe",
        "ik ben dood moe na gym",
        "ik lach me dood",
        "ik schrok me dood van de film",
        "ik verveel me dood bij rekenen",
        "we spelen tikkertje en hij slaat de bal weg",
        "hij slaat de bal naar me",
        "sla een vraag over",
        "sla mij maar over",
        "de bal raakt me",
        "mijn knie doet me pijn",
        "ik ga dood van de honger",
        "de klok slaat twaalf",
        "ik snij een appel",
        "ik wil niet meer rekenen",
        "mijn vader helpt me met lezen",
        "ik speel graag met mijn broertje",
        "misschien wil ik later dokter worden",
        "ik vind zelfstandig werken fijn",
        "hij sloeg het boek open",
        "het was doodeng in het spookhuis",
        "",
        "   ",
    ];

    [Theory]
    [MemberData(nameof(Disclosures))]
    public void Words_that_suggest_harm_are_found_with_their_category(string text, DisclosureCategory category)
    {
        var match = Detector.Detect(text);

        Assert.NotNull(match);
        Assert.Equal(category, match.Category);
        Assert.False(string.IsNullOrEmpty(match.PhraseId));
    }

    [Theory]
    [MemberData(nameof(OrdinaryDutch))]
    public void Ordinary_Dutch_is_not_flagged(string text)
    {
        Assert.Null(Detector.Detect(text));
    }

    [Fact]
    public void Null_is_nothing()
    {
        Assert.Null(Detector.Detect(null));
    }

    [Fact]
    public void Only_the_sentence_that_matched_is_kept_exactly_as_typed()
    {
        var match = Detector.Detect("Het gaat wel. Mijn stiefvader slaat mij als hij boos is. Maar rekenen is leuk.");

        Assert.Equal(new DisclosureMatch(DisclosureCategory.Abuse, "hits_me", "Mijn stiefvader slaat mij als hij boos is."), match);
    }

    [Theory]
    [InlineData("Rekenen is leuk!\nik wil dood\nTaal niet", "ik wil dood")]
    [InlineData("Gym is fijn; mama slaat mij; lezen ook", "mama slaat mij")]
    [InlineData("Ik weet het niet... Hij SLAAT me!!! Echt waar.", "Hij SLAAT me!!!")]
    [InlineData("school is saai. ik snij mezelf soms", "ik snij mezelf soms")]
    [InlineData("  ik wil er niet meer zijn  ", "ik wil er niet meer zijn")]
    public void The_sentence_ends_at_its_own_punctuation(string text, string sentence)
    {
        Assert.Equal(sentence, Detector.Detect(text)?.Sentence);
    }

    [Fact]
    public void The_first_disclosure_in_the_text_wins()
    {
        var match = Detector.Detect("Ik wil niet meer leven. Papa slaat mama.");

        Assert.Equal(DisclosureCategory.Suicidal, match?.Category);
        Assert.Equal("Ik wil niet meer leven.", match?.Sentence);
    }

    [Fact]
    public void An_exclusion_cancels_only_the_hit_it_overlaps()
    {
        var match = Detector.Detect("Ik sla de bal. Maar thuis slaat hij mij.");

        Assert.Equal("Maar thuis slaat hij mij.", match?.Sentence);
    }

    [Theory]
    [InlineData("slaaaat", "slaat")]
    [InlineData("zelfmooooord", "zelfmoord")]
    [InlineData("dood", "dood")]
    [InlineData("aa", "aa")]
    public void Runs_of_a_letter_count_as_two(string word, string expected)
    {
        Assert.Equal(expected, DisclosureDetector.CollapseRepeats(word));
    }

    [Theory]
    [InlineData("zelfmord", "zelfmoord", true)]
    [InlineData("zelfmoodr", "zelfmoord", true)]
    [InlineData("zelfmoorde", "zelfmoord", true)]
    [InlineData("selfmoord", "zelfmoord", true)]
    [InlineData("zelfmort", "zelfmoord", false)]
    [InlineData("zelfmoord", "zelfmoord", false)]
    public void A_typo_is_one_edit(string a, string b, bool expected)
    {
        Assert.Equal(expected, DisclosureDetector.IsOneEditApart(a, b));
    }
}
