namespace EfficientAI.Telephony.Media.Sdp;

/// <summary>An <c>a=fmtp</c> attribute (RFC 8866 §6.15): format-specific parameters, kept as written.</summary>
public sealed record SdpFormatParameters(string Format, string Parameters)
{
    /// <summary>The attribute value, e.g. "101 0-16".</summary>
    public override string ToString() => $"{Format} {Parameters}";
}
