using System.Text;

namespace EfficientAI.Telephony.Sip.Messages;

public sealed class SipResponse : SipMessage
{
    private readonly int _reasonStart;
    private readonly int _reasonLength;
    private string? _reasonPhrase;

    public SipResponse(int statusCode, string reasonPhrase)
    {
        StatusCode = statusCode;
        _reasonPhrase = reasonPhrase;
    }

    /// <summary>A received response: the reason phrase is a range of the received bytes, decoded when first asked for.</summary>
    internal SipResponse(int statusCode, int reasonStart, int reasonLength, string version)
        : base(version)
    {
        StatusCode = statusCode;
        _reasonStart = reasonStart;
        _reasonLength = reasonLength;
    }

    public int StatusCode { get; }

    public string ReasonPhrase => _reasonPhrase ??= Encoding.UTF8.GetString(Source.Slice(_reasonStart, _reasonLength));

    public bool IsProvisional => StatusCode < 200;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    private protected override void WriteStartLine(ref Utf8Sink sink)
    {
        sink.Append(Version);
        sink.Append(' ');
        sink.Append(StatusCode);
        sink.Append(' ');
        sink.Append(ReasonPhrase);
    }
}
