using System.Collections.Concurrent;
using System.Threading.Channels;
using OppAssistant.Core.Storage;

namespace OppAssistant.BotFramework.DirectLine;

/// <summary>
/// Tells open WebSockets of a conversation about activities just appended to its log. In-process only: with
/// several instances a socket on instance B would miss appends made on A, so a shared bus (Redis pub/sub,
/// PostgreSQL LISTEN/NOTIFY) would have to publish here too. The log stays the source of truth; a subscriber
/// that lost notifications re-reads it from its own watermark.
/// </summary>
internal sealed class ActivityNotifier
{
    private readonly ConcurrentDictionary<string, Subscription[]> subscriptions = new(StringComparer.Ordinal);

    public Subscription Subscribe(string conversationId)
    {
        var subscription = new Subscription(this, conversationId);
        subscriptions.AddOrUpdate(conversationId, _ => [subscription], (_, existing) => [.. existing, subscription]);
        return subscription;
    }

    /// <summary>Like <see cref="Subscribe"/>, but null when the conversation already has <paramref name="limit"/> subscribers.</summary>
    public Subscription? TrySubscribe(string conversationId, int limit)
    {
        var subscription = new Subscription(this, conversationId);
        // Check and add in one step: concurrent upgrades must not slip past the limit together.
        while (true)
        {
            if (subscriptions.TryGetValue(conversationId, out var existing))
            {
                if (existing.Length >= limit)
                {
                    return null;
                }
                if (subscriptions.TryUpdate(conversationId, [.. existing, subscription], existing))
                {
                    return subscription;
                }
            }
            else if (subscriptions.TryAdd(conversationId, [subscription]))
            {
                return subscription;
            }
        }
    }

    public void Publish(string conversationId, IReadOnlyList<LogEntry> entries)
    {
        if (entries.Count == 0 || !subscriptions.TryGetValue(conversationId, out var current))
        {
            return;
        }
        foreach (var subscription in current)
        {
            subscription.Offer(entries);
        }
    }

    public int SubscriberCount(string conversationId) =>
        subscriptions.TryGetValue(conversationId, out var current) ? current.Length : 0;

    private void Remove(Subscription subscription)
    {
        while (subscriptions.TryGetValue(subscription.ConversationId, out var current))
        {
            var remaining = current.Where(s => s != subscription).ToArray();
            var removed = remaining.Length == 0
                ? subscriptions.TryRemove(new KeyValuePair<string, Subscription[]>(subscription.ConversationId, current))
                : subscriptions.TryUpdate(subscription.ConversationId, remaining, current);
            if (removed)
            {
                return;
            }
        }
    }

    public sealed class Subscription : IDisposable
    {
        private readonly ActivityNotifier owner;
        private readonly Channel<IReadOnlyList<LogEntry>> channel;
        private int overflowed;

        internal Subscription(ActivityNotifier owner, string conversationId)
        {
            this.owner = owner;
            ConversationId = conversationId;
            // Bounded so a stuck socket cannot hold memory; what is dropped is re-read from the log.
            channel = Channel.CreateBounded<IReadOnlyList<LogEntry>>(
                new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
                _ => Interlocked.Exchange(ref overflowed, 1));
        }

        public string ConversationId { get; }

        public ChannelReader<IReadOnlyList<LogEntry>> Reader => channel.Reader;

        /// <summary>True once after notifications were dropped; the reader must then re-read the log.</summary>
        public bool TakeOverflow() => Interlocked.Exchange(ref overflowed, 0) == 1;

        internal void Offer(IReadOnlyList<LogEntry> entries) => channel.Writer.TryWrite(entries);

        public void Dispose()
        {
            channel.Writer.TryComplete();
            owner.Remove(this);
        }
    }
}
