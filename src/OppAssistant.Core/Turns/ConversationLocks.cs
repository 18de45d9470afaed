namespace OppAssistant.Core.Turns;

/// <summary>
/// Serialises turns of one conversation inside this process, so they neither race on the stored state nor
/// reorder their replies. Striped: a bounded set of semaphores, chosen by the key's hash. Across instances the
/// store's optimistic concurrency takes over.
/// </summary>
public sealed class ConversationLocks
{
    private readonly SemaphoreSlim[] stripes;

    public ConversationLocks(int stripeCount = 1024)
    {
        stripes = new SemaphoreSlim[stripeCount];
        for (var i = 0; i < stripes.Length; i++)
        {
            stripes[i] = new SemaphoreSlim(1, 1);
        }
    }

    public async ValueTask<Releaser> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        var stripe = stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)stripes.Length)];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(stripe);
    }

    public readonly struct Releaser(SemaphoreSlim stripe) : IDisposable
    {
        public void Dispose() => stripe.Release();
    }
}
