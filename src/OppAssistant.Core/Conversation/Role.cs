namespace OppAssistant.Core.Conversation;

/// <summary>Who the user is in this conversation (glossary: leraar, ouder, leerling, IB'er/zorgcoördinator).</summary>
public enum Role
{
    Teacher,
    Parent,
    Pupil,
    Coordinator,
}
