using OppAssistant.Core.Opp;

namespace OppAssistant.Web.Tests.Transcripts;

/// <summary>
/// Plan ids and resume codes from a seeded <see cref="Random"/>, so a replay draws the same ones every run and a
/// reply that shows a resume code ("pauze", a new plan) stays the same. Only for tests: the codes are guessable.
/// </summary>
public sealed class SeededRandomSource(int seed) : RandomSource
{
    private readonly Random random = new(seed);
    private readonly Lock gate = new();

    public override void Fill(Span<byte> bytes)
    {
        // Turns of one conversation are serialised, but a test may run several conversations at once.
        lock (gate)
        {
            random.NextBytes(bytes);
        }
    }
}
