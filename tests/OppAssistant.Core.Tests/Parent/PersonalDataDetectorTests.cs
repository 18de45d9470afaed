using OppAssistant.Core.Parent;
using OppAssistant.Core.Tests.Teacher;

namespace OppAssistant.Core.Tests.Parent;

/// <summary>Names, BSNs and diagnoses in a parent's question (the words of dialogs/parent.yaml); the names are invented.</summary>
public sealed class PersonalDataDetectorTests
{
    private static readonly PersonalDataDetector Detector = TeacherConversation.Dialogs.Parent.PersonalData;

    [Theory]
    [InlineData("Mijn zoon Daan heeft een opp, mag ik dat inzien?")]
    [InlineData("onze dochter, Lotte, krijgt extra hulp")]
    [InlineData("m'n zoontje Bram zit in groep 3")]
    [InlineData("Ik ben Anna de Vries en ik heb een vraag over het OPP")]
    [InlineData("ik ben Karim El-Amrani, moeder van een leerling")]
    [InlineData("ik heet sanne, mag ik nee zeggen tegen het plan?")]
    [InlineData("Mijn naam is Pieter. Wat is een OPP?")]
    public void A_name_is_found(string text) => Assert.Equal(PersonalData.Name, Detector.Detect(text));

    [Theory]
    [InlineData("mijn zoon Is boos over zijn plan")]
    [InlineData("mijn dochter Heeft een OPP, wat nu?")]
    [InlineData("Mijn zoon OPP vraag")]
    [InlineData("wat doet de IB'er met het OPP van mijn kind?")]
    [InlineData("ik ben de moeder, mag ik het OPP zien?")]
    [InlineData("Ik ben Ouder van een leerling")]
    [InlineData("Wat is een OPP?")]
    [InlineData("Mag School het plan zonder mij vaststellen?")]
    public void Ordinary_words_are_not_names(string text) => Assert.Equal(PersonalData.None, Detector.Detect(text));

    [Theory]
    [InlineData("mijn bsn is 111222333")]
    [InlineData("BSN 111 222 333, kunt u kijken?")]
    [InlineData("het nummer is 1112.22.333")]
    [InlineData("123456782")]
    public void A_bsn_that_passes_the_elfproef_is_found(string text) => Assert.Equal(PersonalData.Bsn, Detector.Detect(text));

    [Theory]
    [InlineData("123456789")]                 // fails the elfproef
    [InlineData("mijn telefoon is 0612345678")] // ten digits
    [InlineData("000000000")]
    [InlineData("12345678")]
    [InlineData("het opp is van 2025 en 2026")]
    public void Other_numbers_are_not_a_bsn(string text) => Assert.Equal(PersonalData.None, Detector.Detect(text));

    [Theory]
    [InlineData("111222333", true)]
    [InlineData("123456782", true)]
    [InlineData("123456789", false)]
    [InlineData("111222334", false)]
    [InlineData("000000000", false)]
    [InlineData("11122233", false)]
    public void The_elfproef(string digits, bool passes) => Assert.Equal(passes, PersonalDataDetector.PassesElfproef(digits));

    [Theory]
    [InlineData("mijn zoon heeft ADHD, moet dat in het opp?")]
    [InlineData("Onze dochter heeft autisme (ASS). Krijgt ze een OPP?")]
    [InlineData("m'n kind heeft dyslexie en dyscalculie")]
    [InlineData("bij mijn zoon is odd vastgesteld")]
    [InlineData("Mijn dochter heeft een angststoornis.")]
    public void A_diagnosis_of_ones_own_child_is_found(string text) => Assert.Equal(PersonalData.Diagnosis, Detector.Detect(text));

    [Theory]
    [InlineData("Wat is dyslexie?")]
    [InlineData("Moet een diagnose als ADHD in het OPP staan?")]
    [InlineData("mijn zoon is druk, moet hij een opp?")]
    [InlineData("Mijn kind heeft een OPP. Is autisme een reden voor extra hulp?")]
    public void A_general_question_about_a_diagnosis_is_not_personal(string text) => Assert.Equal(PersonalData.None, Detector.Detect(text));

    [Fact]
    public void Several_kinds_are_found_together() =>
        Assert.Equal(PersonalData.Name | PersonalData.Bsn | PersonalData.Diagnosis,
            Detector.Detect("Mijn zoon Daan (bsn 111222333) heeft ADHD."));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Nothing_in_nothing(string? text) => Assert.Equal(PersonalData.None, Detector.Detect(text));

    [Theory]
    [InlineData("Mijn zoon Daan heeft ADHD, kunnen we naar de geschillencommissie?", "Mijn zoon  heeft ADHD, kunnen we naar de geschillencommissie?")]
    [InlineData("Ik ben Marieke de Vries en ik wil weten wat OOGO is", "Ik ben  en ik wil weten wat OOGO is")]
    [InlineData("ik heet fenna, mag ik nee zeggen", "ik heet , mag ik nee zeggen")]
    [InlineData("BSN 111222333 staat in het plan", "BSN  staat in het plan")]
    [InlineData("mijn zoon Is boos over zijn OPP", "mijn zoon Is boos over zijn OPP")]
    [InlineData("nummer 123456789 klopt niet", "nummer 123456789 klopt niet")]
    public void Names_and_BSNs_are_left_out_of_what_the_search_sees_and_the_rest_stays(string typed, string searched) =>
        Assert.Equal(searched, Detector.WithoutNamesAndBsn(typed));
}
