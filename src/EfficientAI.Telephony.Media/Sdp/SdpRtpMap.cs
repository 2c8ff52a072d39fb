namespace EfficientAI.Telephony.Media.Sdp;

/// <summary>
/// An <c>a=rtpmap</c> attribute (RFC 8866 §6.6): maps an RTP payload type to an encoding name, clock rate and,
/// for audio, an optional channel count.
/// </summary>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, string? EncodingParameters = null)
{
    /// <summary>The attribute value, e.g. "97 iLBC/8000" or "111 opus/48000/2".</summary>
    public override string ToString() => EncodingParameters is null
        ? $"{PayloadType} {EncodingName}/{ClockRate}"
        : $"{PayloadType} {EncodingName}/{ClockRate}/{EncodingParameters}";
}
