using System.Diagnostics;
using System.Globalization;

namespace OppAssistant.Knowledge;

/// <summary>The outcome of one question of the set.</summary>
public sealed record QuestionOutcome(LabelledQuestion Question, IReadOnlyList<string> TopIds, float BestScore, float SecondScore, bool Answered, TimeSpan Latency)
{
    /// <summary>How far the best card leads the runner-up (best / second); infinite when only one card matched.</summary>
    public float Margin => SecondScore <= 0 ? float.PositiveInfinity : BestScore / SecondScore;

    /// <summary>The share of the question's meaningful words the best card matches (see <see cref="KnowledgeSearchOptions.MinimumCoverage"/>).</summary>
    public float Coverage { get; init; } = 1f;

    public bool Top1 => Question.Card is not null && TopIds.Count > 0 && TopIds[0] == Question.Card;

    public bool Top3 => Question.Card is not null && TopIds.Take(3).Contains(Question.Card);
}

/// <summary>Top-1/top-3 accuracy, out-of-scope rejection and latency of a search over a question set.</summary>
public sealed record AccuracyReport(IReadOnlyList<QuestionOutcome> InScope, IReadOnlyList<QuestionOutcome> OutOfScope)
{
    /// <summary>The held-out questions' outcomes: reported apart, not part of <see cref="Top1"/> or <see cref="Top3"/>.</summary>
    public IReadOnlyList<QuestionOutcome> Holdout { get; init; } = [];

    public double HoldoutTop1 => Share(Holdout, o => o.Top1);

    public double HoldoutTop3 => Share(Holdout, o => o.Top3);

    public double HoldoutAnsweredCorrectly => Share(Holdout, o => o.Answered && o.Top1);

    public double Top1 => Share(InScope, o => o.Top1);

    public double Top3 => Share(InScope, o => o.Top3);

    /// <summary>In-scope questions answered (not DoNotKnow) with the expected card.</summary>
    public double AnsweredCorrectly => Share(InScope, o => o.Answered && o.Top1);

    /// <summary>In-scope questions that got DoNotKnow.</summary>
    public double FalseRejections => Share(InScope, o => !o.Answered);

    public double OutOfScopeRejection => Share(OutOfScope, o => !o.Answered);

    public IEnumerable<QuestionOutcome> All => InScope.Concat(OutOfScope).Concat(Holdout);

    public double MeanMilliseconds => All.Select(o => o.Latency.TotalMilliseconds).DefaultIfEmpty().Average();

    public double P95Milliseconds => Percentile(All.Select(o => o.Latency.TotalMilliseconds), 0.95);

    public double MaxMilliseconds => All.Select(o => o.Latency.TotalMilliseconds).DefaultIfEmpty().Max();

    /// <summary>Runs every question once through <see cref="KnowledgeSearch.Decide"/>, after one warm-up question.</summary>
    public static AccuracyReport Run(KnowledgeSearch search, QuestionSet set)
    {
        search.Decide("warm-up");
        QuestionOutcome Ask(LabelledQuestion question)
        {
            var started = Stopwatch.GetTimestamp();
            var decision = search.Decide(question.Question);
            var latency = Stopwatch.GetElapsedTime(started);
            var ranking = decision.Ranking;
            return new QuestionOutcome(
                question, ranking.Select(r => r.Card.Id).ToList(), ranking.Count > 0 ? ranking[0].Score : 0f,
                ranking.Count > 1 ? ranking[1].Score : 0f, decision is KnowledgeDecision.Answer, latency)
            {
                Coverage = search.Search(question.Question, 5).Coverage,
            };
        }
        return new AccuracyReport(set.InScope.Select(Ask).ToList(), set.OutOfScope.Select(Ask).ToList())
        {
            Holdout = set.Holdout.Select(Ask).ToList(),
        };
    }

    /// <summary>
    /// For <see cref="KnowledgeSearchOptions.MinimumScore"/>: the lowest threshold that rejects at least
    /// <paramref name="rejection"/> of the out-of-scope questions, and how many correct answers it keeps.
    /// </summary>
    public (float Threshold, double Rejection, double AnsweredCorrectly) SuggestThreshold(double rejection = 0.9)
    {
        var candidates = OutOfScope.Select(o => o.BestScore).Append(0f).Distinct().Order().Select(s => BitIncrement(s)).ToList();
        foreach (var threshold in candidates.Prepend(0f))
        {
            var rejected = Share(OutOfScope, o => o.BestScore < threshold);
            if (rejected >= rejection)
            {
                return (threshold, rejected, Share(InScope, o => o.Top1 && o.BestScore >= threshold));
            }
        }
        var max = candidates.Max();
        return (max, 1.0, Share(InScope, o => o.Top1 && o.BestScore >= max));
    }

    private static float BitIncrement(float value) => MathF.Round(value + 0.005f, 2, MidpointRounding.AwayFromZero);

    public void Print(TextWriter output)
    {
        static string Pct(double v) => v.ToString("P1", CultureInfo.InvariantCulture);
        output.WriteLine($"questions: {InScope.Count} in scope, {OutOfScope.Count} out of scope");
        output.WriteLine($"top-1: {Pct(Top1)} ({InScope.Count(o => o.Top1)}/{InScope.Count})");
        output.WriteLine($"top-3: {Pct(Top3)} ({InScope.Count(o => o.Top3)}/{InScope.Count})");
        output.WriteLine($"answered with the right card: {Pct(AnsweredCorrectly)}; in scope but \"don't know\": {Pct(FalseRejections)}");
        output.WriteLine($"out-of-scope rejection: {Pct(OutOfScopeRejection)} ({OutOfScope.Count(o => !o.Answered)}/{OutOfScope.Count})");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency per question: mean {MeanMilliseconds:F2} ms, p95 {P95Milliseconds:F2} ms, max {MaxMilliseconds:F2} ms"));

        var misses = InScope.Where(o => !o.Top1 || !o.Answered).ToList();
        if (misses.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("misses (question → expected, got):");
            foreach (var miss in misses)
            {
                var got = miss.TopIds.Count == 0 ? "(nothing)" : string.Join(", ", miss.TopIds.Take(3));
                var decision = miss.Answered ? "" : " [don't know]";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  \"{miss.Question.Question}\" → {miss.Question.Card}, got {got} (score {miss.BestScore:F2}){decision}"));
            }
        }
        var answered = OutOfScope.Where(o => o.Answered).ToList();
        if (answered.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("out of scope but answered:");
            foreach (var wrong in answered)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  \"{wrong.Question.Question}\" → {wrong.TopIds[0]} (score {wrong.BestScore:F2})"));
            }
        }

        output.WriteLine();
        var inScores = InScope.Where(o => o.Top1).Select(o => o.BestScore).Order().ToList();
        var outScores = OutOfScope.Select(o => o.BestScore).OrderDescending().ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"calibration: best score of correct in-scope hits min {inScores.DefaultIfEmpty().Min():F2}, p10 {Percentile(inScores, 0.10):F2}, median {Percentile(inScores, 0.5):F2}; of out-of-scope questions max {outScores.DefaultIfEmpty().Max():F2}, median {Percentile(outScores, 0.5):F2}"));
        var margins = InScope.Where(o => o.Top1).Select(o => o.Margin).Order().ToList();
        var wrongMargins = InScope.Where(o => !o.Top1 && o.TopIds.Count > 0).Select(o => o.Margin).Order().ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"margins (best/second): correct in-scope hits min {margins.DefaultIfEmpty().Min():F2}, p10 {Percentile(margins, 0.10):F2}, median {Percentile(margins, 0.5):F2}; wrong top-1 hits median {Percentile(wrongMargins, 0.5):F2}"));
        var coverages = string.Join(", ", new[] { 0.2f, 0.3f, 0.4f, 0.5f }.Select(c => string.Create(CultureInfo.InvariantCulture,
            $"{c:F2} rejects {Pct(Share(OutOfScope, o => o.Coverage < c))} out of scope, keeps {Pct(Share(InScope, o => o.Top1 && o.Coverage >= c))}")));
        output.WriteLine($"coverage (share of meaningful words the best card matches): {coverages} right answers");
        var (threshold, rejection, kept) = SuggestThreshold();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"suggested MinimumScore for {Pct(0.9)} rejection: {threshold:F2} (rejects {Pct(rejection)}, keeps {Pct(kept)} right answers)"));

        if (Holdout.Count > 0)
        {
            // Only the figures, not the questions: the held-out set is for checking, not for tuning.
            output.WriteLine();
            output.WriteLine($"held-out set (not tuned on): {Holdout.Count} questions over {Holdout.Select(o => o.Question.Card).Distinct().Count()} cards");
            output.WriteLine($"held-out top-1: {Pct(HoldoutTop1)} ({Holdout.Count(o => o.Top1)}/{Holdout.Count})");
            output.WriteLine($"held-out top-3: {Pct(HoldoutTop3)} ({Holdout.Count(o => o.Top3)}/{Holdout.Count})");
            output.WriteLine($"held-out answered with the right card: {Pct(HoldoutAnsweredCorrectly)}; \"don't know\": {Pct(Share(Holdout, o => !o.Answered))}");
        }
    }

    private static double Share<T>(IReadOnlyList<T> items, Func<T, bool> predicate) =>
        items.Count == 0 ? 0 : (double)items.Count(predicate) / items.Count;

    private static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return 0;
        }
        var index = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    private static double Percentile(IEnumerable<float> values, double p) => Percentile(values.Select(v => (double)v), p);
}
