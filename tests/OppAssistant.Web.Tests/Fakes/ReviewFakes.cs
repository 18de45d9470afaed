using System.Collections.Concurrent;
using OppAssistant.Core.Review;
using OppAssistant.Core.Turns;

namespace OppAssistant.Web.Tests.Fakes;

/// <summary>The Entra object ids the school named as coordinators; nobody is one through a chat turn here.</summary>
public sealed class FakeCoordinators(params string[] objectIds) : ICoordinatorDirectory
{
    public ValueTask<bool> IsCoordinatorAsync(TurnInput input, CancellationToken cancellationToken) => ValueTask.FromResult(false);

    public ValueTask<bool> IsCoordinatorAsync(string entraObjectId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(objectIds.Contains(entraObjectId, StringComparer.OrdinalIgnoreCase));
}

/// <summary>Records every nudge; can be told to fail, to prove a failed nudge does not fail the decision.</summary>
public sealed class RecordingProactiveTurns : IProactiveTurns
{
    public ConcurrentQueue<(string UserKey, string FollowUp)> Nudges { get; } = new();

    public bool Fail { get; set; }

    public Task<bool> NudgeAsync(string userKey, string followUpName, CancellationToken cancellationToken)
    {
        Nudges.Enqueue((userKey, followUpName));
        return Fail ? throw new HttpRequestException("connector down") : Task.FromResult(true);
    }
}
