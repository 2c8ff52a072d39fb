using Microsoft.Extensions.Time.Testing;

namespace EfficientAI.Telephony.Sip.Tests.Transactions;

internal static class FakeTimeProviderExtensions
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Advances the clock in 10 ms steps. FakeTimeProvider.Advance jumps straight to the end, so a timer re-armed from
    /// its own callback would be re-armed relative to the end of a long jump; stepping lets every timer fire on time.
    /// </summary>
    public static void AdvanceInSteps(this FakeTimeProvider time, TimeSpan total)
    {
        var left = total;
        while (left > TimeSpan.Zero)
        {
            var step = left < Step ? left : Step;
            time.Advance(step);
            left -= step;
        }
    }
}
