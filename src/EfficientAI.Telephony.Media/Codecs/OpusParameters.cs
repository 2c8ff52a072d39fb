using System.Globalization;
using System.Text;

namespace EfficientAI.Telephony.Media.Codecs;

/// <summary>
/// The Opus format parameters of RFC 7587 §6.1 that we read and write: <c>maxplaybackrate</c>,
/// <c>sprop-maxcapturerate</c>, <c>stereo</c>, <c>useinbandfec</c> and <c>maxaveragebitrate</c>.
/// </summary>
/// <param name="MaxPlaybackRate">The highest rate the receiver renders (8000 … 48000); 48000 when absent.</param>
/// <param name="SpropMaxCaptureRate">The highest rate the sender captures; 48000 when absent.</param>
/// <param name="Stereo">Whether the receiver prefers stereo; we always send mono (stereo=0).</param>
/// <param name="UseInbandFec">Whether the receiver can use in-band FEC (useinbandfec=1), so the sender should add it.</param>
/// <param name="MaxAverageBitrate">The receiver's bitrate cap in bit/s (6000 … 510000), or null.</param>
public sealed record OpusParameters(
    int MaxPlaybackRate = 48000,
    int SpropMaxCaptureRate = 48000,
    bool Stereo = false,
    bool UseInbandFec = false,
    int? MaxAverageBitrate = null)
{
    /// <summary>The bitrate we encode at when the peer sets no cap: wideband speech with room for FEC.</summary>
    public const int DefaultBitrate = 32000;

    /// <summary>The RFC 7587 defaults: everything absent.</summary>
    public static OpusParameters Default { get; } = new();

    /// <summary>What we offer and answer: FEC wanted, mono, wideband is enough for speech into an 8 kHz pipeline.</summary>
    public static OpusParameters Ours { get; } = new(MaxPlaybackRate: 16000, SpropMaxCaptureRate: 16000, UseInbandFec: true);

    /// <summary>
    /// Parses an fmtp value such as <c>"maxplaybackrate=16000; useinbandfec=1"</c>. Unknown parameters are ignored
    /// (RFC 7587 §6.1); a known one with a bad value is an error.
    /// </summary>
    public static bool TryParse(string? fmtp, out OpusParameters parameters, out string error)
    {
        parameters = Default;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(fmtp))
        {
            return true;
        }

        var result = Default;
        foreach (string part in fmtp.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            string name = (equals < 0 ? part : part[..equals]).Trim();
            string value = equals < 0 ? string.Empty : part[(equals + 1)..].Trim();
            bool known = true;
            bool ok = name.ToLowerInvariant() switch
            {
                "maxplaybackrate" => TryRate(value, out int playback) && Set(ref result, result with { MaxPlaybackRate = playback }),
                "sprop-maxcapturerate" => TryRate(value, out int capture) && Set(ref result, result with { SpropMaxCaptureRate = capture }),
                "stereo" => TryFlag(value, out bool stereo) && Set(ref result, result with { Stereo = stereo }),
                "useinbandfec" => TryFlag(value, out bool fec) && Set(ref result, result with { UseInbandFec = fec }),
                "maxaveragebitrate" => TryBitrate(value, out int bitrate) && Set(ref result, result with { MaxAverageBitrate = bitrate }),
                _ => known = false,
            };
            if (known && !ok)
            {
                error = $"opus fmtp '{part}': bad value for {name} (RFC 7587 §6.1)";
                return false;
            }
        }

        parameters = result;
        return true;
    }

    /// <summary>Parses like <see cref="TryParse"/> and throws <see cref="FormatException"/> on a bad value.</summary>
    public static OpusParameters Parse(string? fmtp) =>
        TryParse(fmtp, out var parameters, out string error) ? parameters : throw new FormatException(error);

    /// <summary>The fmtp value, e.g. "maxplaybackrate=16000;sprop-maxcapturerate=16000;stereo=0;useinbandfec=1".</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"maxplaybackrate={MaxPlaybackRate}");
        text.Append(CultureInfo.InvariantCulture, $";sprop-maxcapturerate={SpropMaxCaptureRate}");
        text.Append(Stereo ? ";stereo=1" : ";stereo=0");
        text.Append(UseInbandFec ? ";useinbandfec=1" : ";useinbandfec=0");
        if (MaxAverageBitrate is { } bitrate)
        {
            text.Append(CultureInfo.InvariantCulture, $";maxaveragebitrate={bitrate}");
        }

        return text.ToString();
    }

    private static bool Set(ref OpusParameters target, OpusParameters value)
    {
        target = value;
        return true;
    }

    private static bool TryRate(string value, out int rate) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out rate) && rate is >= 8000 and <= 48000;

    private static bool TryBitrate(string value, out int bitrate) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out bitrate) && bitrate is >= 6000 and <= 510000;

    private static bool TryFlag(string value, out bool flag)
    {
        flag = value == "1";
        return value is "0" or "1";
    }
}
