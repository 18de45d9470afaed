using System.Text.RegularExpressions;
using OppAssistant.Core.Opp;

namespace OppAssistant.Drafting.AI.Privacy;

/// <summary>
/// Replaces what identifies a pupil or the people around him by placeholders before a prompt leaves the service,
/// and puts the originals back into the answer. Pure: no I/O, no state beyond one <see cref="PseudonymSession"/>
/// per call.
/// </summary>
/// <remarks>
/// Found: the plan's pupil name (<c>«LEERLING_1»</c>); names in the agreements' "wie" and names after a title or
/// role such as "juf", "meester", "mevrouw", "moeder" (<c>«NAAM_n»</c>); dates, among them birth dates
/// (<c>«DATUM_n»</c>); Dutch street addresses and postcodes (<c>«ADRES_n»</c>); BSNs that pass the elfproef, or any
/// 8–9 digits right after "BSN" (<c>«BSN_n»</c>); phone numbers (<c>«TELEFOON_n»</c>); e-mail addresses
/// (<c>«EMAIL_n»</c>); configured school names and "basisschool X", "OBS X", "CBS X" … (<c>«SCHOOL_n»</c>).
/// Not found: a name written in free text without a title, that the plan does not name elsewhere.
/// </remarks>
public sealed partial class Pseudonymiser
{
    private readonly string[] schoolNames;

    public Pseudonymiser(IEnumerable<string>? schoolNames = null)
    {
        this.schoolNames = (schoolNames ?? [])
            .Select(n => n.Trim())
            .Where(n => n.Length > 1)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(n => n.Length)
            .ToArray();
    }

    /// <summary>A session that knows the plan's names; mask every text of one prompt with it, then restore the answer.</summary>
    public PseudonymSession Start(OppDocument plan)
    {
        var session = new PseudonymSession(schoolNames);
        if (!string.IsNullOrWhiteSpace(plan.Pupil.Name))
        {
            session.AddPerson(plan.Pupil.Name.Trim(), PlaceholderKind.Pupil);
        }
        foreach (var agreement in plan.ActionPart.Agreements)
        {
            if (agreement.Who is { Text: var who })
            {
                foreach (var name in NamesIn(who))
                {
                    session.AddPerson(name, PlaceholderKind.Name);
                }
            }
        }
        return session;
    }

    /// <summary>
    /// A session for free text outside a plan (a pupil's answer): the first name is the pupil («LEERLING_1»), the
    /// others are «NAAM_n»; names after a title ("juf Anja") are found in the text as always.
    /// </summary>
    public PseudonymSession Start(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var session = new PseudonymSession(schoolNames);
        var first = true;
        foreach (var name in names.Where(n => !string.IsNullOrWhiteSpace(n)))
        {
            session.AddPerson(name.Trim(), first ? PlaceholderKind.Pupil : PlaceholderKind.Name);
            first = false;
        }
        return session;
    }

    /// <summary>Capitalised words in a short "wie" text that are not a role or a title: "juf Anja" → Anja; "de moeder van Noor" → Noor.</summary>
    internal static IEnumerable<string> NamesIn(string who)
    {
        foreach (Match match in CapitalisedRun().Matches(who))
        {
            var words = match.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            // Roles and titles can start a run ("Juf Anja", "De leraar"); drop them from the front, and particles
            // from the back too ("Van den Berg" keeps its "Van").
            while (words.Count > 0 && PersonPatterns.IsNotAName(words[0]))
            {
                words.RemoveAt(0);
            }
            while (words.Count > 0 && (PersonPatterns.IsNotAName(words[^1]) || PersonPatterns.IsParticle(words[^1])))
            {
                words.RemoveAt(words.Count - 1);
            }
            if (words.Count > 0 && words.Any(w => !PersonPatterns.IsParticle(w)))
            {
                yield return string.Join(' ', words);
            }
        }
    }

    /// <summary>Capitalised words, possibly joined by name particles ("Anja de Vries", "Van den Berg").</summary>
    [GeneratedRegex(@"\p{Lu}[\p{L}'’-]*(?:\s+(?:(?i:van|de|der|den|ten|ter|te|het|'t|in\s+'t|op|la|le|du|da|di|el|al|bin|ben)\s+)*\p{Lu}[\p{L}'’-]*)*")]
    private static partial Regex CapitalisedRun();
}

internal enum PlaceholderKind
{
    Pupil,
    Name,
    Date,
    Address,
    Bsn,
    Phone,
    Email,
    School,
}

/// <summary>The placeholders of one prompt: the same original always gets the same placeholder.</summary>
public sealed partial class PseudonymSession
{
    private static readonly Dictionary<PlaceholderKind, string> Labels = new()
    {
        [PlaceholderKind.Pupil] = "LEERLING",
        [PlaceholderKind.Name] = "NAAM",
        [PlaceholderKind.Date] = "DATUM",
        [PlaceholderKind.Address] = "ADRES",
        [PlaceholderKind.Bsn] = "BSN",
        [PlaceholderKind.Phone] = "TELEFOON",
        [PlaceholderKind.Email] = "EMAIL",
        [PlaceholderKind.School] = "SCHOOL",
    };

    private readonly string[] schoolNames;
    private readonly Dictionary<string, string> originals = new(StringComparer.Ordinal);
    private readonly Dictionary<(PlaceholderKind, string), string> placeholders = [];
    private readonly Dictionary<PlaceholderKind, int> counters = [];

    /// <summary>Surface forms of the known people, longest first, each with its placeholder.</summary>
    private readonly List<(string Form, string Placeholder)> personForms = [];

    internal PseudonymSession(string[] schoolNames)
    {
        this.schoolNames = schoolNames;
    }

    /// <summary>Placeholder → original, for this prompt.</summary>
    public IReadOnlyDictionary<string, string> Originals => originals;

    /// <summary>Masks several texts of one prompt together, so a name found in one ("juf Anja") is also masked in the others.</summary>
    public IReadOnlyDictionary<string, string> MaskAll(IReadOnlyDictionary<string, string> texts)
    {
        foreach (var text in texts.Values)
        {
            LearnTitledNames(text);
        }
        return texts.ToDictionary(p => p.Key, p => Mask(p.Value), StringComparer.Ordinal);
    }

    /// <summary>The text with everything identifying replaced by placeholders. Masking masked text changes nothing.</summary>
    public string Mask(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        LearnTitledNames(text);
        var masked = Email().Replace(text, m => Placeholder(PlaceholderKind.Email, m.Value));
        masked = Phone().Replace(masked, m => Placeholder(PlaceholderKind.Phone, m.Value));
        masked = BsnAfterKeyword().Replace(masked, m => m.Groups["keyword"].Value + Placeholder(PlaceholderKind.Bsn, m.Groups["number"].Value));
        masked = NineDigits().Replace(masked, m => IsValidBsn(m.Value) ? Placeholder(PlaceholderKind.Bsn, m.Value) : m.Value);
        masked = StreetAddress().Replace(masked, m => Placeholder(PlaceholderKind.Address, m.Value));
        masked = Postcode().Replace(masked, m => Placeholder(PlaceholderKind.Address, m.Value));
        masked = NumericDate().Replace(masked, m => Placeholder(PlaceholderKind.Date, m.Value));
        masked = WrittenDate().Replace(masked, m => Placeholder(PlaceholderKind.Date, m.Value));
        masked = BirthYear().Replace(masked, m => m.Groups["lead"].Value + Placeholder(PlaceholderKind.Date, m.Groups["year"].Value));
        foreach (var school in schoolNames)
        {
            masked = Regex.Replace(masked, Bounded(school), m => Placeholder(PlaceholderKind.School, m.Value), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }
        masked = SchoolPattern().Replace(masked, m => Placeholder(PlaceholderKind.School, m.Value));
        foreach (var (form, placeholder) in personForms)
        {
            // Also the Dutch possessive and diminutive of a known name ("Noors moeder", "Noortje"): the ending stays.
            masked = Regex.Replace(masked, WithDutchEnding(form), m => placeholder + m.Groups["ending"].Value, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }
        return masked;
    }

    /// <summary>The answer with this session's placeholders replaced by their originals (also «X_n» written as &lt;&lt;X_n&gt;&gt;, [X_n] or bare).</summary>
    public string Restore(string text) =>
        string.IsNullOrEmpty(text)
            ? text
            : PlaceholderInText().Replace(text, m =>
                originals.TryGetValue($"«{m.Groups["label"].Value}_{m.Groups["number"].Value}»", out var original) ? original : m.Value);

    internal void AddPerson(string name, PlaceholderKind kind)
    {
        name = WhiteSpace().Replace(name, " ").Trim();
        var forms = FormsOf(name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        // One person, one placeholder: a person known already (the pupil named in an agreement, "juf Anja" after
        // "Anja de Vries") keeps the placeholder and forms it has, so the answer gets the same words back.
        if (personForms.Any(p => forms.Contains(p.Form, StringComparer.OrdinalIgnoreCase)))
        {
            return;
        }
        var placeholder = Placeholder(kind, name);
        personForms.AddRange(forms.Select(form => (form, placeholder)));
        personForms.Sort((a, b) => b.Form.Length.CompareTo(a.Form.Length));
    }

    /// <summary>"Anja de Vries" is also found as "Anja", "Vries" and "de Vries"; "van Dijk" also as "Dijk".</summary>
    private static IEnumerable<string> FormsOf(string name)
    {
        yield return name;
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var core = words.Where(w => !PersonPatterns.IsParticle(w) && w.TrimEnd('.').Length > 1).ToArray();
        if (core.Length == 0 || words.Length == 1)
        {
            yield break;
        }
        yield return core[0];
        yield return core[^1];
        var lastIndex = Array.LastIndexOf(words, core[^1]);
        var firstParticle = lastIndex;
        while (firstParticle > 0 && PersonPatterns.IsParticle(words[firstParticle - 1]))
        {
            firstParticle--;
        }
        if (firstParticle < lastIndex)
        {
            yield return string.Join(' ', words[firstParticle..(lastIndex + 1)]);
        }
    }

    private void LearnTitledNames(string text)
    {
        foreach (Match match in TitledName().Matches(text))
        {
            var name = match.Groups["name"].Value;
            if (!PersonPatterns.IsNotAName(name.Split(' ')[^1]))
            {
                AddPerson(name, PlaceholderKind.Name);
            }
        }
    }

    private string Placeholder(PlaceholderKind kind, string original)
    {
        var key = (kind, Normalise(original));
        if (placeholders.TryGetValue(key, out var existing))
        {
            return existing;
        }
        var number = counters[kind] = counters.GetValueOrDefault(kind) + 1;
        var placeholder = $"«{Labels[kind]}_{number}»";
        placeholders[key] = placeholder;
        originals[placeholder] = original;
        return placeholder;
    }

    private static string Normalise(string value) => WhiteSpace().Replace(value, " ").Trim().ToLowerInvariant();

    /// <summary>A whole word or phrase: not inside another word, number or placeholder label (hence the underscore).</summary>
    private static string Bounded(string phrase) =>
        @"(?<![\p{L}\p{N}_])" + string.Join(@"\s+", phrase.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape)) + @"(?![\p{L}\p{N}_])";

    private static string WithDutchEnding(string phrase) =>
        @"(?<![\p{L}\p{N}_])" + string.Join(@"\s+", phrase.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape))
        + @"(?<ending>['’]s|s|tje|pje|je)?(?![\p{L}\p{N}_])";

    /// <summary>The elfproef: 9×d1 + 8×d2 + … + 2×d8 − d9 is a multiple of 11 (and not all zeros).</summary>
    internal static bool IsValidBsn(string value)
    {
        var digits = value.Where(char.IsAsciiDigit).Select(c => c - '0').ToArray();
        if (digits.Length != 9 || digits.All(d => d == 0))
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (9 - i) * digits[i];
        }
        sum -= digits[8];
        return sum % 11 == 0;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}")]
    private static partial Regex Email();

    /// <summary>06-12345678, 010 123 45 67, (010) 1234567, +31 6 12345678, 0031 20 1234567.</summary>
    [GeneratedRegex(@"(?<![\p{L}\p{N}_+])(?:(?:\+|00)31[\s.-]?(?:\(0\)[\s.-]?)?[1-9](?:[\s.-]?\d){8}|\(0\d{1,3}\)[\s.-]?\d(?:[\s.-]?\d){5,7}|0[1-9](?:[\s.-]?\d){8})(?![\p{N}_])")]
    private static partial Regex Phone();

    [GeneratedRegex(@"(?<keyword>\b(?i:bsn|burgerservicenummer|sofinummer)\b[\s:.-]*(?:(?i:is|nr\.?|nummer)\s+)?)(?<number>\d(?:[\s.]?\d){7,8})(?![\p{N}_])")]
    private static partial Regex BsnAfterKeyword();

    [GeneratedRegex(@"(?<![\p{L}\p{N}_.])\d(?:[\s.]?\d){8}(?![\p{N}_])")]
    private static partial Regex NineDigits();

    /// <summary>"Dorpsstraat 12", "Van Goghstraat 3a", "Burgemeester de Withlaan 5-2", optionally with ", 1234 AB Plaats".</summary>
    [GeneratedRegex(@"(?<![\p{L}\p{N}_])(?:(?:\p{Lu}[\p{L}'.-]*|van|de|der|den|het|'t|ter|ten)\s+){0,4}\p{Lu}[\p{L}'-]*?(?i:straat|laan|weg|plein|gracht|kade|singel|dijk|pad|steeg|hof|dreef|park|ring|baan|markt|wal|erf|veld|plantsoen|boulevard|allee|akker|brink|haven|burg|kamp|zoom|donk|hout|wijk|dam|straatje|hoven|berg)\s+\d{1,5}(?:\s?[a-zA-Z](?![\p{L}]))?(?:\s?[-/]\s?\d{1,4}[a-zA-Z]?)?(?:,?\s+[1-9]\d{3}\s?[A-Z]{2}(?:\s+\p{Lu}[\p{L}'-]+)?)?(?![\p{N}_])")]
    private static partial Regex StreetAddress();

    [GeneratedRegex(@"(?<![\p{L}\p{N}_])[1-9]\d{3}\s?[A-Z]{2}(?![\p{L}\p{N}_])(?:\s+\p{Lu}[\p{Ll}'-]+(?:[\s-]\p{Lu}[\p{Ll}'-]+)?)?")]
    private static partial Regex Postcode();

    /// <summary>12-03-2015, 12/3/15, 12.03.2015, 2015-03-12.</summary>
    [GeneratedRegex(@"(?<![\p{L}\p{N}_])(?:\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})(?![\p{N}_])")]
    private static partial Regex NumericDate();

    /// <summary>12 maart 2015, 3 mei, 1 okt. 2016.</summary>
    [GeneratedRegex(@"(?<![\p{L}\p{N}_])\d{1,2}\s+(?i:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?(?:\s+\d{4})?(?![\p{L}\p{N}_])")]
    private static partial Regex WrittenDate();

    [GeneratedRegex(@"(?<lead>\b(?i:geboren|geb\.|geboortejaar|geboortedatum)\s*:?\s*(?:(?i:in|op)\s+)?)(?<year>(?:19|20)\d{2})(?![\p{N}_])")]
    private static partial Regex BirthYear();

    [GeneratedRegex(@"(?<![\p{L}\p{N}_])(?i:basisschool|obs|cbs|rkbs|pcbs|pcb|kbs|ikc|kindcentrum|sbo|vso|montessorischool|daltonschool|jenaplanschool|vrije\s+school)\s+(?:(?i:de|het|'t|den)\s+)?\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){0,3}")]
    private static partial Regex SchoolPattern();

    /// <summary>A name after a title, role or family word: "juf Anja", "mevrouw De Vries", "dhr. Jansen", "opa Kees".</summary>
    [GeneratedRegex(@"(?<![\p{L}\p{N}_])(?i:juf|juffrouw|meester|mevrouw|meneer|mevr\.|mw\.|dhr\.|de\s+heer|mr\.|moeder|vader|mama|papa|opa|oma|oom|tante|broer|broertje|zus|zusje|ib'er|ib-er|intern\s+begeleider|mentor|logopedist|orthopedagoog|psycholoog|jeugdarts|rt'er|remedial\s+teacher|directeur|coach)\s+(?<name>(?:(?i:van|de|der|den|ten|ter|te|het)\s+)*\p{Lu}[\p{Ll}'’-]+(?:\s+(?:(?i:van|de|der|den|ten|ter|te|het)\s+)*\p{Lu}[\p{Ll}'’-]+)?)")]
    private static partial Regex TitledName();

    [GeneratedRegex(@"(?:«|<<|\[)?(?<![\p{L}\p{N}_])(?<label>LEERLING|NAAM|DATUM|ADRES|BSN|TELEFOON|EMAIL|SCHOOL)_(?<number>\d{1,3})(?![\p{N}_])(?:»|>>|\])?")]
    private static partial Regex PlaceholderInText();
}

/// <summary>Words that start with a capital in a "wie" text but are not names.</summary>
internal static class PersonPatterns
{
    private static readonly HashSet<string> Particles = new(StringComparer.OrdinalIgnoreCase)
    {
        "van", "de", "der", "den", "ten", "ter", "te", "het", "'t", "op", "in", "la", "le", "du", "da", "di", "el", "al", "bin", "ben",
    };

    private static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        // articles, pronouns and small words that start a sentence
        "de", "het", "een", "en", "of", "met", "samen", "alle", "iedereen", "ik", "jij", "je", "hij", "zij", "ze", "wij", "we", "jullie", "zelf", "elke", "iedere", "beide", "eerst", "daarna",
        // titles and family
        "juf", "juffrouw", "meester", "mevrouw", "meneer", "mevr", "mevr.", "mw", "mw.", "dhr", "dhr.", "heer", "mr", "mr.",
        "moeder", "vader", "mama", "papa", "ouder", "ouders", "verzorger", "verzorgers", "opa", "oma", "oom", "tante", "broer", "broertje", "zus", "zusje", "gezin", "pleegouders",
        // roles at and around school
        "leraar", "lerares", "leerkracht", "leerkrachten", "leraren", "groepsleerkracht", "mentor", "leerling", "leerlingen", "klasgenoot", "klasgenoten", "maatje", "klas", "groep",
        "ib", "ib'er", "ib-er", "ibér", "intern", "begeleider", "zorgcoördinator", "zorgcoordinator", "coördinator", "coordinator", "remedial", "teacher", "rt", "rt'er",
        "onderwijsassistent", "assistent", "stagiair", "stagiaire", "directeur", "directie", "schoolleider", "team", "school", "schoolteam", "gymleraar", "vakleerkracht",
        "logopedist", "ergotherapeut", "fysiotherapeut", "orthopedagoog", "psycholoog", "jeugdarts", "jeugdverpleegkundige", "schoolmaatschappelijk", "werker", "smw",
        "jeugdhulp", "hulpverlener", "coach", "begeleiding", "externe", "deskundige", "specialist", "ambulant", "ab'er", "gedragsspecialist", "taalspecialist", "rekenspecialist",
        "samenwerkingsverband", "wijkteam", "consulent", "trajectbegeleider", "plusklas",
    };

    public static bool IsParticle(string word) => Particles.Contains(word);

    /// <summary>A role, title or small word; also short acronyms such as "IB" or "RT".</summary>
    public static bool IsNotAName(string word)
    {
        var trimmed = word.Trim('(', ')', ',', ';', ':', '.', '!', '?');
        return trimmed.Length < 2
            || NotNames.Contains(trimmed)
            || (trimmed.Length <= 5 && trimmed.All(c => char.IsUpper(c) || c is '\'' or '-'));
    }
}
