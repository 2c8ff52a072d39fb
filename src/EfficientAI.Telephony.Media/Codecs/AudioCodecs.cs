using System.Diagnostics.CodeAnalysis;
using EfficientAI.Telephony.Media.Sdp;

namespace EfficientAI.Telephony.Media.Codecs;

/// <summary>Finds the codec implementation for an SDP encoding name.</summary>
public static class AudioCodecs
{
    /// <summary>The encoding names this library can encode and decode.</summary>
    public static IReadOnlyList<string> SupportedEncodingNames { get; } = ["PCMU", "PCMA", "G722", "opus"];

    /// <summary>
    /// Returns the codec for <paramref name="encodingName"/> (case-insensitive, RFC 4855 §3): the shared instance of a
    /// stateless codec (G.711), a new instance of a stateful one (G.722, Opus) for each call.
    /// </summary>
    /// <exception cref="NotSupportedException">No codec exists for that name; negotiation should have excluded it.</exception>
    public static IAudioCodec Create(string encodingName)
    {
        ArgumentNullException.ThrowIfNull(encodingName);
        return TryCreate(encodingName, out var codec)
            ? codec
            : throw new NotSupportedException(
                $"No audio codec for encoding '{encodingName}'; supported are {string.Join(", ", SupportedEncodingNames)}.");
    }

    /// <summary>
    /// Returns the codec for a negotiated <paramref name="format"/>, configured from its fmtp where the codec has
    /// parameters (Opus: the peer's useinbandfec, maxplaybackrate and maxaveragebitrate shape what we send).
    /// </summary>
    /// <exception cref="NotSupportedException">No codec exists for the format's encoding name.</exception>
    /// <exception cref="FormatException">The fmtp has a bad value for a parameter the codec reads.</exception>
    public static IAudioCodec Create(MediaFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (string.Equals(format.EncodingName, "opus", StringComparison.OrdinalIgnoreCase))
        {
            return new OpusCodec(OpusParameters.Parse(format.Fmtp));
        }

        return Create(format.EncodingName);
    }

    /// <summary>Whether a codec exists for <paramref name="encodingName"/>; creates nothing.</summary>
    public static bool IsSupported(string encodingName)
    {
        ArgumentNullException.ThrowIfNull(encodingName);
        return SupportedEncodingNames.Contains(encodingName, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Returns whether a codec exists for <paramref name="encodingName"/> and, if so, the codec.</summary>
    public static bool TryCreate(string encodingName, [NotNullWhen(true)] out IAudioCodec? codec)
    {
        ArgumentNullException.ThrowIfNull(encodingName);
        if (string.Equals(encodingName, "PCMU", StringComparison.OrdinalIgnoreCase))
        {
            codec = PcmuCodec.Instance;
            return true;
        }

        if (string.Equals(encodingName, "PCMA", StringComparison.OrdinalIgnoreCase))
        {
            codec = PcmaCodec.Instance;
            return true;
        }

        if (string.Equals(encodingName, "G722", StringComparison.OrdinalIgnoreCase))
        {
            codec = new G722Codec();
            return true;
        }

        if (string.Equals(encodingName, "opus", StringComparison.OrdinalIgnoreCase))
        {
            codec = new OpusCodec();
            return true;
        }

        codec = null;
        return false;
    }
}
