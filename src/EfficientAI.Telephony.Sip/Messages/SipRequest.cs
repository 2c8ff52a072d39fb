using System.Text;

namespace EfficientAI.Telephony.Sip.Messages;

public sealed class SipRequest : SipMessage
{
    private readonly int _uriStart;
    private readonly int _uriLength;
    private SipUri? _requestUri;

    public SipRequest(string method, SipUri requestUri)
    {
        Method = method;
        _requestUri = requestUri;
    }

    /// <summary>A received request: the Request-URI is a range of the received bytes, parsed when first asked for.</summary>
    internal SipRequest(string method, int uriStart, int uriLength, string version)
        : base(version)
    {
        Method = method;
        _uriStart = uriStart;
        _uriLength = uriLength;
    }

    public string Method { get; }

    public SipUri RequestUri
    {
        get => _requestUri ??= ReadRequestUri();
        set => _requestUri = value;
    }

    public int? MaxForwards => IsIndexed
        ? ParseFirst<int?>(HeaderId.MaxForwards, null, static t => int.TryParse(t, out var v) ? v : null)
        : int.TryParse(Headers[HeaderNames.MaxForwards], out var v) ? v : null;

    /// <summary>The Request-URI as received.</summary>
    internal ReadOnlySpan<byte> RequestUriBytes => Source.Slice(_uriStart, _uriLength);

    private SipUri ReadRequestUri()
    {
        var bytes = RequestUriBytes;
        var chars = bytes.Length <= 512 ? stackalloc char[bytes.Length] : new char[bytes.Length];
        var n = Encoding.UTF8.GetChars(bytes, chars);
        // A request whose Request-URI was rejected is still read so that a 400 can be sent; its URI is a placeholder.
        return SipUri.TryParse(chars[..n], out var uri, out _) ? uri : SipUri.Create(null, "invalid");
    }

    private protected override void WriteStartLine(ref Utf8Sink sink)
    {
        sink.Append(Method);
        sink.Append(' ');
        RequestUri.Format(ref sink);
        sink.Append(' ');
        sink.Append(Version);
    }
}
