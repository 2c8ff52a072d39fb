using System.Globalization;
using System.Net;

namespace EfficientAI.Telephony.Evaluation.Reports;

/// <summary>Small helpers for the inline SVG and HTML of the report: invariant numbers, encoded text.</summary>
internal static class Svg
{
    public static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public static string Ms(double value) => value.ToString("0", CultureInfo.InvariantCulture) + " ms";

    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A tick step that gives 5–12 ticks over <paramref name="spanMs"/> (1, 2, 5 × 10^n ms).</summary>
    public static double TickStep(double spanMs)
    {
        foreach (var step in new[] { 100.0, 200, 500, 1000, 2000, 5000, 10000, 20000, 30000, 60000, 120000, 300000, 600000 })
        {
            if (spanMs / step <= 12)
            {
                return step;
            }
        }

        return 1_800_000;
    }
}
