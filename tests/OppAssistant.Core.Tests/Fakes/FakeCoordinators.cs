using OppAssistant.Core.Review;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Tests.Fakes;

/// <summary>A coordinator directory that names the coordinators by user key (or everyone), as a school's configuration would.</summary>
internal sealed class FakeCoordinators(params string[] userKeys) : ICoordinatorDirectory
{
    public bool Everyone { get; init; }

    public static FakeCoordinators All => new() { Everyone = true };

    public ValueTask<bool> IsCoordinatorAsync(TurnInput input, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Everyone || userKeys.Contains(input.UserKey));

    public ValueTask<bool> IsCoordinatorAsync(string entraObjectId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Everyone || userKeys.Contains(entraObjectId));
}

/// <summary>Records the nudges a decision asked for; says whether the teacher was reached.</summary>
internal sealed class FakeProactiveTurns(bool reachable = true) : IProactiveTurns
{
    public List<(string UserKey, string FollowUp)> Nudged { get; } = [];

    public Task<bool> NudgeAsync(string userKey, string followUpName, CancellationToken cancellationToken)
    {
        Nudged.Add((userKey, followUpName));
        return Task.FromResult(reachable);
    }
}
