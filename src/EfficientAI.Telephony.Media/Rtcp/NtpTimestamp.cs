namespace EfficientAI.Telephony.Media.Rtcp;

/// <summary>
/// A 64-bit NTP timestamp (RFC 5905 §6): seconds since 1900-01-01 UTC in the high 32 bits, the fraction of a second
/// in the low 32. RTCP sender reports carry it whole and reception reports its middle 32 bits (RFC 3550 §4).
/// </summary>
public readonly record struct NtpTimestamp(ulong Value)
{
    private static readonly long EpochTicks = new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    /// <summary>The whole seconds since the NTP epoch (era 0, wrapping in 2036 as the field does).</summary>
    public uint Seconds => (uint)(Value >> 32);

    /// <summary>The fraction of a second in units of 2^-32 s.</summary>
    public uint Fraction => (uint)Value;

    /// <summary>
    /// The middle 32 bits: 16 bits of seconds and 16 of fraction, units of 1/65536 s. RFC 3550 §6.4.1 carries this
    /// "compact" form in LSR and measures DLSR in the same units.
    /// </summary>
    public uint Compact => (uint)(Value >> 16);

    /// <summary>The NTP timestamp of an instant.</summary>
    public static NtpTimestamp FromDateTimeOffset(DateTimeOffset instant)
    {
        long ticks = instant.UtcTicks - EpochTicks;
        ulong seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        ulong remainder = (ulong)(ticks % TimeSpan.TicksPerSecond);
        ulong fraction = (remainder << 32) / TimeSpan.TicksPerSecond;
        return new NtpTimestamp(unchecked((seconds << 32) | fraction));
    }

    /// <summary>A duration in the compact units of DLSR (1/65536 s), saturating at the field's maximum.</summary>
    public static uint ToCompactDuration(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return 0;
        }

        ulong units = (ulong)duration.Ticks * 65536UL / TimeSpan.TicksPerSecond;
        return units > uint.MaxValue ? uint.MaxValue : (uint)units;
    }

    /// <summary>A compact duration (1/65536 s) in milliseconds.</summary>
    public static double CompactToMilliseconds(uint compact) => compact * 1000.0 / 65536.0;
}
