using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Review;

/// <summary>
/// Who may act as coordinator (IB'er, zorgcoördinator): the school names them in configuration (section
/// <c>Coordinators</c>: Entra object ids, or a Teams team whose members they are). A role choice alone never makes
/// anyone a coordinator. Implemented by the channel adapter, which knows what the channel vouches for.
/// </summary>
public interface ICoordinatorDirectory
{
    /// <summary>Whether the user of this turn is a coordinator, as far as the channel vouches for who he is.</summary>
    ValueTask<bool> IsCoordinatorAsync(TurnInput input, CancellationToken cancellationToken);

    /// <summary>Whether a signed-in Entra user (the review page with OpenID Connect) is a coordinator.</summary>
    ValueTask<bool> IsCoordinatorAsync(string entraObjectId, CancellationToken cancellationToken);
}

/// <summary>Nobody is a coordinator (no adapter registered a directory).</summary>
public sealed class NoCoordinators : ICoordinatorDirectory
{
    public ValueTask<bool> IsCoordinatorAsync(TurnInput input, CancellationToken cancellationToken) => ValueTask.FromResult(false);

    public ValueTask<bool> IsCoordinatorAsync(string entraObjectId, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}

/// <summary>
/// The review page's address for one plan, signed for one coordinator and valid for a short while (or the plain
/// address when the page signs in with OpenID Connect). Implemented by the web host; null when there is no page.
/// </summary>
public interface IReviewLinks
{
    string? LinkFor(string oppId, string coordinatorKey);
}

/// <summary>No review page: the review happens in the chat only.</summary>
public sealed class NoReviewLinks : IReviewLinks
{
    public string? LinkFor(string oppId, string coordinatorKey) => null;
}
