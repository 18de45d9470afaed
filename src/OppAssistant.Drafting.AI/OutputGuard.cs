using System.Text;
using System.Text.RegularExpressions;

namespace OppAssistant.Drafting.AI;

/// <summary>
/// The last check on a model's answer: every sentence that proposes an uitstroomperspectief, a level, a school type
/// or a placement is removed. Deciding those is for people (EU AI Act, Annex III 3(c): access to and placement in
/// education is high-risk), so the prompts forbid it and this guard removes whatever slips through. It errs on
/// the side of removing: a sentence that merely mentions a level next to "past", "naar", "advies" … goes too.
/// </summary>
public static partial class OutputGuard
{
    /// <summary>The answer without the offending sentences, and how many were removed. Line breaks and bullets stay.</summary>
    public static (string Text, int Removed) Clean(string answer)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return ("", 0);
        }
        var removed = 0;
        var kept = new List<string>();
        foreach (var line in answer.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var bullet = Bullet().Match(line);
            var sentences = SentenceEnd().Split(line[bullet.Length..]);
            var keptSentences = new StringBuilder();
            var lineRemoved = 0;
            foreach (var sentence in sentences)
            {
                if (ProposesPlacement(sentence))
                {
                    lineRemoved++;
                    continue;
                }
                if (sentence.Length > 0)
                {
                    keptSentences.Append(keptSentences.Length > 0 ? " " : "").Append(sentence.Trim());
                }
            }
            removed += lineRemoved;
            if (keptSentences.Length > 0)
            {
                kept.Add(bullet.Value + keptSentences);
            }
            else if (lineRemoved == 0)
            {
                kept.Add(line.TrimEnd());
            }
        }
        var text = string.Join('\n', kept).Trim('\n', ' ');
        return (MultipleBlankLines().Replace(text, "\n\n"), removed);
    }

    /// <summary>True when the sentence states or proposes a perspective, level, school type or placement.</summary>
    public static bool ProposesPlacement(string sentence) =>
        PerspectiveStatement().IsMatch(sentence)
        || LevelAsPerspective().IsMatch(sentence)
        || FitsOrGoesToLevel().IsMatch(sentence)
        || AdviceOnLevel().IsMatch(sentence)
        || LevelJudgement().IsMatch(sentence)
        || LevelAsNiveau().IsMatch(sentence)
        || PlacementProposal().IsMatch(sentence);

    // School levels and types. The short ones that are also everyday words ("so" = a written test, "wo" =
    // Wednesday, "pro" as in pro-actief) only count after "het": "het so", "het wo", "het pro".
    private const string LevelTerms =
        @"(?:vmbo(?:[- ](?:b|k|g|t|gt|bb|kb|gl|tl|basis|kader|theoretisch|gemengd)\w*)?|havo|vwo|gymnasium|atheneum|lyceum|praktijkonderwijs|mbo(?:[- ]?[1-4])?|hbo|"
        + @"(?<=\bhet\s)(?:so|vso|wo|pro)|vso|sbo|sbao|entree(?:opleiding)?|isk|speciaal\s+(?:basis)?onderwijs|voortgezet\s+speciaal\s+onderwijs|cluster\s*[1-4]|"
        + @"basisberoepsgerichte\s+leerweg|kaderberoepsgerichte\s+leerweg|gemengde\s+leerweg|theoretische\s+leerweg|bbl|kbl|"
        + @"arbeidsmarktgerichte?\s+(?:profiel|uitstroom)|dagbesteding|vervolgonderwijs|regulier\s+onderwijs|het\s+reguliere?\s+onderwijs)";

    /// <summary>A level as a whole word: "havo" but not the "pro" of "pro-actief".</summary>
    private const string Levels = LevelTerms + @"(?!\p{L}|-\p{L})";

    // "Het uitstroomperspectief is/wordt/zou … moeten zijn …", "uitstroomperspectief: havo".
    [GeneratedRegex(@"\buitstroom(?:perspectief|bestemming|niveau)\w*\b(?:\s*:\s*\S|[^.!?\n]{0,120}?\b(?:is|wordt|worden|zou|zouden|moet|moeten|kan|kunnen|lijkt|ligt|past|blijft|luidt|wordt|stel|stellen|voorstel|adviseer|adviseren|kies|kiezen)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PerspectiveStatement();

    // "havo als uitstroomperspectief", "met vmbo-k als perspectief".
    [GeneratedRegex(@"\b" + Levels + @"\b[^.!?\n]{0,40}?\bals\s+(?:uitstroom)?(?:perspectief|bestemming|niveau|vervolg)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LevelAsPerspective();

    // "past (het best) in/op (het) vmbo", "hoort op het so", "kan naar de havo", "doorstromen naar het vwo".
    [GeneratedRegex(@"\b(?:past|passen|hoort|horen|thuishoort|thuishoren|zit|zitten|plaatsen|plaatsing|geplaatst|aangewezen|doorstromen|doorstroom|uitstromen|uitstroom|verwijzen|verwezen|verwijzing|overstappen|overstap|overgaan|gaan|gaat|kan|kunnen|moet|moeten|zou|zouden|hoort\s+thuis|naar|richting)\b[^.!?\n]{0,40}?\b(?:in|op|naar|binnen|richting|bij)\s+(?:het\s+|de\s+|een\s+)?" + Levels + @"\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FitsOrGoesToLevel();

    // "Advies: vmbo-niveau", "ik adviseer havo", "mijn advies is …niveau", "aan te raden: praktijkonderwijs".
    [GeneratedRegex(@"\b(?:advies|adviseer|adviseren|advisering|schooladvies|aanbevel\w*|aan\s+te\s+raden|raad\s+\w+\s+aan|raden\s+\w+\s+aan|voorstel|stel\s+voor)\b[^.!?\n]{0,80}?(?:\bniveau|\bschooltype|\bschoolsoort|\bleerweg|\bplaatsing|\bschool\s+voor|\b" + Levels + @"\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AdviceOnLevel();

    // "vmbo-t is haalbaar", "havo lijkt realistisch", "geschikt voor het vwo".
    [GeneratedRegex(@"(?:\b" + Levels + @"\b[^.!?\n]{0,40}?\b(?:haalbaar|realistisch|passend|passender|geschikt|aangewezen|reëel|reeel|te\s+hoog|te\s+laag)\b|\b(?:haalbaar|realistisch|passend|passender|geschikt|aangewezen)\b[^.!?\n]{0,30}?\b(?:voor|is)\s+(?:het\s+|de\s+)?" + Levels + @"\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LevelJudgement();

    // "werkt op havoniveau", "vmbo-niveau", "niveau vwo", "de leerweg zou … moeten zijn".
    [GeneratedRegex(@"(?:\b" + LevelTerms + @"[- ]?niveau\b|\bniveau\s+(?:van\s+(?:het\s+|de\s+)?)?" + Levels + @"\b|\b(?:schoolniveau|onderwijsniveau|schooltype|schoolsoort|onderwijstype|leerweg)\b[^.!?\n]{0,30}?\b(?:zou|zouden|moet|moeten|wordt|lijkt)\b[^.!?\n]{0,40}?\b(?:zijn|worden|liggen|passen))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LevelAsNiveau();

    // "Een TLV aanvragen", "overplaatsing naar een andere school overwegen", "verwijzing is aangewezen".
    [GeneratedRegex(@"\b(?:tlv|toelaatbaarheidsverklaring|verwijzing|(?:over)?plaatsing|overplaatsen|andere\s+school|speciale\s+school|school\s+voor\s+speciaal)\b[^.!?\n]{0,60}?\b(?:aanvragen|aan\s+te\s+vragen|aanvraag|nodig|aangewezen|overwegen|overweeg|overwogen|raadzaam|verstandig|wenselijk|beter|passender|adviseer|adviseren)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PlacementProposal();

    [GeneratedRegex(@"^\s*(?:[-*•]\s+|\d{1,2}[.)]\s+)?")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=\S)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex MultipleBlankLines();
}
