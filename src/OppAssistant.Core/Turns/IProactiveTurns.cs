namespace OppAssistant.Core.Turns;

/// <summary>
/// Lets the bot speak first: runs a turn of kind <see cref="InputKind.FollowUp"/> with the payload
/// <c>{"followUp": name, "ok": true}</c> in the most recent conversation of a user (her Teams chat, or the Web Chat
/// conversation she used last), when the channel can still reach it. Used for a notice that waits for her
/// (<see cref="Teacher.TeacherNotices"/>): the turn shows what is pending, and anything not shown waits for her next
/// message. Implemented by the channel adapter; nothing else knows how a conversation is reached.
/// </summary>
public interface IProactiveTurns
{
    /// <summary>True when a turn ran in one of the user's conversations; false when none could be reached.</summary>
    Task<bool> NudgeAsync(string userKey, string followUpName, CancellationToken cancellationToken);
}

/// <summary>No channel that can start a conversation: notices wait for the user's next message.</summary>
public sealed class NoProactiveTurns : IProactiveTurns
{
    public Task<bool> NudgeAsync(string userKey, string followUpName, CancellationToken cancellationToken) => Task.FromResult(false);
}
