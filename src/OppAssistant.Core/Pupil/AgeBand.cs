namespace OppAssistant.Core.Pupil;

/// <summary>
/// The four age bands of the pupil's conversation, each with its own dialogs/pupil/*.yaml file and its own
/// readability threshold (faq-brief §4.3: the sources give almost nothing per age, so the bands are ours).
/// </summary>
public enum AgeBand
{
    /// <summary>Groep 1–2: an adult sits with the child, reads aloud and types what the child says.</summary>
    Groep1To2,

    /// <summary>Groep 3–5.</summary>
    Groep3To5,

    /// <summary>Groep 6–8 (also asks about the next school).</summary>
    Groep6To8,

    /// <summary>Voortgezet onderwijs.</summary>
    Vo,
}

public static class AgeBands
{
    /// <summary>The id used in file names and YAML: "groep-1-2", "groep-3-5", "groep-6-8", "vo".</summary>
    public static string Id(AgeBand band) => band switch
    {
        AgeBand.Groep1To2 => "groep-1-2",
        AgeBand.Groep3To5 => "groep-3-5",
        AgeBand.Groep6To8 => "groep-6-8",
        AgeBand.Vo => "vo",
        _ => throw new ArgumentOutOfRangeException(nameof(band)),
    };

    public static AgeBand? FromId(string? id) =>
        Enum.GetValues<AgeBand>().Cast<AgeBand?>().FirstOrDefault(b => string.Equals(Id(b!.Value), id, StringComparison.OrdinalIgnoreCase));
}
