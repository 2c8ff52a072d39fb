namespace EfficientAI.Telephony.Evaluation.Metrics;

/// <summary>
/// Word and character error rates: the minimum number of substitutions, deletions and insertions that turn the
/// reference into the hypothesis (Levenshtein alignment), over the reference length. Both texts are normalised first.
/// </summary>
public sealed record ErrorRate(int Substitutions, int Deletions, int Insertions, int ReferenceLength)
{
    public int Errors => Substitutions + Deletions + Insertions;

    /// <summary>(S + D + I) / N. Can exceed 1 when the hypothesis is much longer; an empty reference gives 0 or 1.</summary>
    public double Rate => ReferenceLength == 0 ? (Insertions == 0 ? 0 : 1) : (double)Errors / ReferenceLength;

    public static ErrorRate Words(string reference, string hypothesis) =>
        Align(TextNormalizer.Words(reference), TextNormalizer.Words(hypothesis));

    /// <summary>Over the characters of the normalised texts, spaces included (they mark word boundaries).</summary>
    public static ErrorRate Characters(string reference, string hypothesis) =>
        Align([.. TextNormalizer.Normalize(reference).Select(c => c.ToString())], [.. TextNormalizer.Normalize(hypothesis).Select(c => c.ToString())]);

    internal static ErrorRate Align(IReadOnlyList<string> reference, IReadOnlyList<string> hypothesis)
    {
        var n = reference.Count;
        var m = hypothesis.Count;
        // cost[i, j] aligns reference[..i] with hypothesis[..j]; the backtrace counts each kind of edit.
        var cost = new int[n + 1, m + 1];
        for (var i = 0; i <= n; i++)
        {
            cost[i, 0] = i;
        }

        for (var j = 0; j <= m; j++)
        {
            cost[0, j] = j;
        }

        for (var i = 1; i <= n; i++)
        {
            for (var j = 1; j <= m; j++)
            {
                var same = string.Equals(reference[i - 1], hypothesis[j - 1], StringComparison.Ordinal);
                cost[i, j] = Math.Min(cost[i - 1, j - 1] + (same ? 0 : 1), Math.Min(cost[i - 1, j] + 1, cost[i, j - 1] + 1));
            }
        }

        int s = 0, d = 0, ins = 0;
        for (int i = n, j = m; i > 0 || j > 0;)
        {
            if (i > 0 && j > 0 && cost[i, j] == cost[i - 1, j - 1] + (string.Equals(reference[i - 1], hypothesis[j - 1], StringComparison.Ordinal) ? 0 : 1))
            {
                if (!string.Equals(reference[i - 1], hypothesis[j - 1], StringComparison.Ordinal))
                {
                    s++;
                }

                i--;
                j--;
            }
            else if (i > 0 && cost[i, j] == cost[i - 1, j] + 1)
            {
                d++;
                i--;
            }
            else
            {
                ins++;
                j--;
            }
        }

        return new ErrorRate(s, d, ins, n);
    }
}
