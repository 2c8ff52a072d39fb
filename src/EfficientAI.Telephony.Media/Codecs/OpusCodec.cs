using Concentus;
using Concentus.Enums;

namespace EfficientAI.Telephony.Media.Codecs;

/// <summary>
/// Opus (RFC 6716) as the RTP payload format of RFC 7587 through the managed Concentus codec: 48 kHz mono PCM, RTP
/// clock 48000, one Opus packet per RTP packet. The decoder conceals a lost packet (PLC) and, when the peer sends
/// in-band FEC (<c>useinbandfec=1</c>), recovers it from the packet after it. One instance per stream.
/// </summary>
public sealed class OpusCodec : IAudioCodec
{
    /// <summary>The PCM and RTP rate (RFC 7587 §4.1: the RTP clock is 48000 whatever the audio bandwidth).</summary>
    public const int Rate = 48000;

    /// <summary>RFC 6716 §3.2.1: the most an Opus packet of one frame holds.</summary>
    public const int MaxPacketLength = 1275;

    private readonly IOpusEncoder _encoder;
    private readonly IOpusDecoder _decoder;

    static OpusCodec()
    {
        // The managed implementation only, so results do not depend on whether a native libopus is installed.
        OpusCodecFactory.AttemptToUseNativeLibrary = false;
    }

    /// <summary>Creates an encoder and decoder pair.</summary>
    /// <param name="parameters">What the peer's fmtp asks of our sender (RFC 7587 §6.1): in-band FEC, the highest
    /// playback rate worth encoding for, a bitrate cap.</param>
    public OpusCodec(OpusParameters? parameters = null)
    {
        var settings = parameters ?? OpusParameters.Default;
        _encoder = OpusCodecFactory.CreateEncoder(Rate, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        _encoder.Bitrate = settings.MaxAverageBitrate ?? OpusParameters.DefaultBitrate;
        _encoder.UseInbandFEC = settings.UseInbandFec;

        // The encoder adds FEC only when it expects loss (RFC 6716 §2.1.7, the LBRR frames).
        _encoder.PacketLossPercent = settings.UseInbandFec ? 10 : 0;
        _encoder.UseDTX = false;
        _encoder.MaxBandwidth = settings.MaxPlaybackRate switch
        {
            <= 8000 => OpusBandwidth.OPUS_BANDWIDTH_NARROWBAND,
            <= 12000 => OpusBandwidth.OPUS_BANDWIDTH_MEDIUMBAND,
            <= 16000 => OpusBandwidth.OPUS_BANDWIDTH_WIDEBAND,
            <= 24000 => OpusBandwidth.OPUS_BANDWIDTH_SUPERWIDEBAND,
            _ => OpusBandwidth.OPUS_BANDWIDTH_FULLBAND,
        };
        _decoder = OpusCodecFactory.CreateDecoder(Rate, 1);
    }

    /// <inheritdoc />
    public string EncodingName => "opus";

    /// <inheritdoc />
    public int ClockRate => Rate;

    /// <inheritdoc />
    public int SampleRate => Rate;

    /// <inheritdoc />
    public bool IsStateful => true;

    /// <inheritdoc />
    /// <remarks><paramref name="pcm"/> must be one Opus frame: 2.5, 5, 10, 20, 40 or 60 ms (120 … 2880 samples).</remarks>
    public int Encode(ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        if (pcm.Length is not (120 or 240 or 480 or 960 or 1920 or 2880))
        {
            throw new ArgumentException(
                $"An Opus frame at 48 kHz is 120, 240, 480, 960, 1920 or 2880 samples (2.5 to 60 ms); got {pcm.Length}.", nameof(pcm));
        }

        int length = _encoder.Encode(pcm, pcm.Length, payload, Math.Min(payload.Length, MaxPacketLength));
        if (length < 0)
        {
            throw new InvalidOperationException($"The Opus encoder failed with error {length}.");
        }

        return length;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The payload is not a valid Opus packet.</exception>
    public int Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        if (payload.IsEmpty)
        {
            throw new ArgumentException("An empty payload is no Opus packet; use DecodeLost for a lost one.", nameof(payload));
        }

        return Run(payload, pcm, pcm.Length, fec: false);
    }

    /// <inheritdoc />
    /// <remarks>With <paramref name="nextPayload"/>, the frame is the FEC (LBRR) copy it carries of the one before,
    /// if the sender put one there, else the decoder's PLC; without, PLC. <paramref name="pcm"/>'s length is the
    /// duration of the lost frame.</remarks>
    public int DecodeLost(ReadOnlySpan<byte> nextPayload, Span<short> pcm) =>
        Run(nextPayload, pcm, pcm.Length, fec: !nextPayload.IsEmpty);

    private int Run(ReadOnlySpan<byte> payload, Span<short> pcm, int frameSize, bool fec)
    {
        int samples;
        try
        {
            samples = _decoder.Decode(payload, pcm, frameSize, fec);
        }
        catch (OpusException ex)
        {
            throw new InvalidDataException($"The Opus packet of {payload.Length} bytes could not be decoded: {ex.Message}", ex);
        }

        if (samples < 0)
        {
            throw new InvalidDataException($"The Opus packet of {payload.Length} bytes could not be decoded (error {samples}).");
        }

        return samples;
    }
}
