namespace EfficientAI.Telephony.Sip.Transactions;

/// <summary>The timer values of RFC 3261 §17 and Table 4, derived from T1, T2 and T4.</summary>
public sealed record SipTimerSettings
{
    /// <summary>RTT estimate (default 500 ms).</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Maximum retransmit interval for non-INVITE requests and INVITE responses (default 4 s).</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Maximum duration a message remains in the network (default 5 s).</summary>
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Timer B, F, H, J, L, M: 64*T1.</summary>
    public TimeSpan TransactionTimeout => T1 * 64;

    /// <summary>Timer D: at least 32 s on an unreliable transport (§17.1.1.2).</summary>
    public TimeSpan TimerD => TimeSpan.FromSeconds(32) > T1 * 64 ? TimeSpan.FromSeconds(32) : T1 * 64;

    public static SipTimerSettings Default { get; } = new();

    public void Validate()
    {
        if (T1 <= TimeSpan.Zero || T2 < T1 || T4 <= TimeSpan.Zero)
        {
            throw new ArgumentException($"SIP timers need 0 < T1 <= T2 and T4 > 0 (T1={T1}, T2={T2}, T4={T4})");
        }
    }
}
