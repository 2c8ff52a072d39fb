namespace EfficientAI.Telephony.Evaluation.Metrics;

public static class Percentile
{
    /// <summary>
    /// The p-th percentile (0..100) by linear interpolation between closest ranks (Hyndman–Fan type 7, the default of
    /// numpy and R), so p50 of two turns is their mean rather than one of them; null for no values.
    /// </summary>
    public static double? Of(IEnumerable<double> values, double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 100);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var rank = p / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
    }
}
