using OppAssistant.Core.Opp;
using OppAssistant.Drafting.AI.Privacy;

namespace OppAssistant.Drafting.AI.Tests;

public sealed class PseudonymiserTests
{
    private static PseudonymSession Session(string? pupil = "Lina", string[]? who = null, string[]? schools = null)
    {
        var plan = new OppDocument { Pupil = new PupilProfile { Name = pupil } };
        foreach (var name in who ?? [])
        {
            plan.ActionPart.Agreements.Add(new Agreement { Who = RichPlan.Text(name) });
        }
        return new Pseudonymiser(schools).Start(plan);
    }

    [Theory]
    [InlineData("Lina leest graag.", "«LEERLING_1» leest graag.")]
    [InlineData("Lina's moeder en LINA zelf", "«LEERLING_1»'s moeder en «LEERLING_1» zelf")]
    [InlineData("Carolina en Linaatje", "Carolina en Linaatje")]
    [InlineData("Linas moeder helpt; Linatje leest.", "«LEERLING_1»s moeder helpt; «LEERLING_1»tje leest.")]
    public void The_pupils_name_is_a_whole_word_in_any_case(string text, string expected) =>
        Assert.Equal(expected, Session().Mask(text));

    [Fact]
    public void Names_in_the_agreements_wie_become_NAAM_and_the_pupil_there_stays_LEERLING()
    {
        var session = Session(who: ["meester Bas", "Anja de Vries (IB)", "de moeder van Lina", "De leraar", "IB'er en RT", "Karel Appelman"]);

        Assert.Equal(
            "«NAAM_1» oefent met «LEERLING_1»; «NAAM_2» en mevrouw «NAAM_2» en «NAAM_2» en «NAAM_3» kijken mee. De leraar en de IB'er ook.",
            session.Mask("Bas oefent met Lina; Anja de Vries en mevrouw De Vries en Anja en Karel Appelman kijken mee. De leraar en de IB'er ook."));
        Assert.Equal(["«LEERLING_1»", "«NAAM_1»", "«NAAM_2»", "«NAAM_3»"], session.Originals.Keys);
    }

    [Theory]
    [InlineData("meester Bas", new[] { "Bas" })]
    [InlineData("Anja de Vries (IB)", new[] { "Anja de Vries" })]
    [InlineData("de moeder van Noor", new[] { "Noor" })]
    [InlineData("Juf Sanne en meester Van den Berg", new[] { "Sanne", "Van den Berg" })]
    [InlineData("de leraar, de IB'er en de ouders", new string[0])]
    [InlineData("De RT'er", new string[0])]
    public void Names_are_read_from_a_wie_text_without_roles_or_titles(string who, string[] names) =>
        Assert.Equal(names, Pseudonymiser.NamesIn(who));

    [Theory]
    [InlineData("Volgens juf Marieke lukt het beter.", "Volgens juf «NAAM_1» lukt het beter.")]
    [InlineData("mevrouw Van der Linden belt dhr. Jansen.", "mevrouw «NAAM_1» belt dhr. «NAAM_2».")]
    [InlineData("Haar opa Kees haalt haar op, en Kees is er altijd.", "Haar opa «NAAM_1» haalt haar op, en «NAAM_1» is er altijd.")]
    [InlineData("De moeder van Lina komt.", "De moeder van «LEERLING_1» komt.")]
    public void A_name_after_a_title_or_family_word_is_masked_everywhere(string text, string expected) =>
        Assert.Equal(expected, Session().Mask(text));

    [Fact]
    public void A_name_found_in_one_text_is_masked_in_all_texts_of_the_prompt()
    {
        var session = Session();

        var masked = session.MaskAll(new Dictionary<string, string> { ["a"] = "Sanne helpt.", ["b"] = "juf Sanne legt uit." });

        Assert.Equal("«NAAM_1» helpt.", masked["a"]);
        Assert.Equal("juf «NAAM_1» legt uit.", masked["b"]);
    }

    [Theory]
    [InlineData("geboren 12-03-2015", "geboren «DATUM_1»")]
    [InlineData("geb. 12/3/15 in Zwolle", "geb. «DATUM_1» in Zwolle")]
    [InlineData("op 2015-03-12", "op «DATUM_1»")]
    [InlineData("geboren op 3 mei 2015", "geboren op «DATUM_1»")]
    [InlineData("Geboortedatum: 1 okt. 2016", "Geboortedatum: «DATUM_1»")]
    [InlineData("geboren in 2015, groep 6", "geboren in «DATUM_1», groep 6")]
    [InlineData("twee keer per week 10 minuten", "twee keer per week 10 minuten")]
    public void Dates_are_masked(string text, string expected) =>
        Assert.Equal(expected, Session(pupil: null).Mask(text));

    [Theory]
    [InlineData("Dorpsstraat 12, 1234 AB Utrecht", "«ADRES_1»")]
    [InlineData("woont op de Van Goghstraat 3a in Zwolle", "woont op «ADRES_1» in Zwolle")]
    [InlineData("Kerkweg 101-2", "«ADRES_1»")]
    [InlineData("postcode 3511 BK", "postcode «ADRES_1»")]
    [InlineData("de Burgemeester de Withlaan 5", "«ADRES_1»")]
    [InlineData("op het plein 3 keer per dag", "op het plein 3 keer per dag")]
    public void Dutch_addresses_and_postcodes_are_masked(string text, string expected) =>
        Assert.Equal(expected, Session(pupil: null).Mask(text));

    [Theory]
    [InlineData("BSN 123456782", "BSN «BSN_1»")]
    [InlineData("nummer 111222333 in het dossier", "nummer «BSN_1» in het dossier")]
    [InlineData("1234.56.782", "«BSN_1»")]
    [InlineData("burgerservicenummer: 123456789", "burgerservicenummer: «BSN_1»")]
    [InlineData("bestelnummer 123456789", "bestelnummer 123456789")]
    [InlineData("000000000", "000000000")]
    public void A_BSN_is_masked_when_it_passes_the_elfproef_or_is_called_a_BSN(string text, string expected) =>
        Assert.Equal(expected, Session(pupil: null).Mask(text));

    [Theory]
    [InlineData("123456782", true)]
    [InlineData("111222333", true)]
    [InlineData("123456789", false)]
    [InlineData("000000000", false)]
    [InlineData("12345678", false)]
    public void The_elfproef(string number, bool valid) =>
        Assert.Equal(valid, PseudonymSession.IsValidBsn(number));

    [Theory]
    [InlineData("bel 06-12345678", "bel «TELEFOON_1»")]
    [InlineData("bel 0612345678.", "bel «TELEFOON_1».")]
    [InlineData("bel 06 12 34 56 78", "bel «TELEFOON_1»")]
    [InlineData("bel 010-1234567", "bel «TELEFOON_1»")]
    [InlineData("bel (030) 123 45 67", "bel «TELEFOON_1»")]
    [InlineData("bel +31 6 98765432", "bel «TELEFOON_1»")]
    [InlineData("bel 0031 20 1234567", "bel «TELEFOON_1»")]
    [InlineData("mail ouder.naam+opp@school-x.example.nl", "mail «EMAIL_1»")]
    public void Phone_numbers_and_email_addresses_are_masked(string text, string expected) =>
        Assert.Equal(expected, Session(pupil: null).Mask(text));

    [Theory]
    [InlineData("Ze zat op basisschool De Regenboog.", "Ze zat op «SCHOOL_1».")]
    [InlineData("Van OBS de Klimboom naar CBS Het Kompas", "Van «SCHOOL_1» naar «SCHOOL_2»")]
    [InlineData("Nu op Het Palet, met juf Sanne.", "Nu op «SCHOOL_1», met juf «NAAM_1».")]
    [InlineData("De Sint-Jozefschool en het palet", "De «SCHOOL_1» en «SCHOOL_2»")]
    [InlineData("een SO Engels en het sbo", "een SO Engels en het sbo")]
    public void Configured_school_names_and_school_patterns_are_masked(string text, string expected) =>
        Assert.Equal(expected, Session(pupil: null, schools: ["Het Palet", "Sint-Jozefschool"]).Mask(text));

    [Fact]
    public void The_same_original_gets_the_same_placeholder_and_masking_twice_changes_nothing()
    {
        var session = Session();
        var once = session.Mask("Lina, 06-12345678, Lina, 06-12345678, 06-87654321");

        Assert.Equal("«LEERLING_1», «TELEFOON_1», «LEERLING_1», «TELEFOON_1», «TELEFOON_2»", once);
        Assert.Equal(once, session.Mask(once));
    }

    [Fact]
    public void Restore_puts_back_every_known_placeholder_in_the_forms_a_model_writes_them()
    {
        var session = Session(who: ["Anja de Vries"]);
        session.Mask("Lina en Anja, 06-12345678");

        Assert.Equal(
            "Lina en Anja de Vries bellen 06-12345678; Lina; Lina; Lina. «NAAM_9» blijft.",
            session.Restore("«LEERLING_1» en «NAAM_1» bellen «TELEFOON_1»; <<LEERLING_1>>; [LEERLING_1]; LEERLING_1. «NAAM_9» blijft."));
    }

    [Fact]
    public void A_plan_without_names_masks_only_patterns()
    {
        var session = Session(pupil: null);

        Assert.Equal("De leerling leest. Bel «TELEFOON_1».", session.Mask("De leerling leest. Bel 06-12345678."));
        Assert.Equal("", session.Mask(""));
    }
}
