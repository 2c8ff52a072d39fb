namespace EfficientAI.Telephony.Media.Sdp;

/// <summary>A <c>b=</c> line (RFC 8866 §5.8): a bandwidth type such as "AS" or "TIAS" and its value.</summary>
public sealed record SdpBandwidth(string Type, long Value)
{
    /// <summary>The line value, without the "b=" prefix.</summary>
    public override string ToString() => $"{Type}:{Value}";
}
