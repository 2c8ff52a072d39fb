using System.Buffers;
using System.Text;

namespace EfficientAI.Telephony.Sip.Messages;

/// <summary>A SIP request or response (RFC 3261 §7). Typed header accessors parse on demand.</summary>
public abstract class SipMessage
{
    public string Version { get; init; } = "SIP/2.0";

    public SipHeaders Headers { get; init; } = new();

    public ReadOnlyMemory<byte> Body { get; set; }

    public string? CallId => Headers[HeaderNames.CallId];

    public CSeqHeader? CSeq => CSeqHeader.TryParse(Headers[HeaderNames.CSeq], out var v, out _) ? v : null;

    public NameAddress? From => ParseAddress(Headers[HeaderNames.From]);

    public NameAddress? To => ParseAddress(Headers[HeaderNames.To]);

    public string? ContentType => Headers[HeaderNames.ContentType];

    /// <summary>The topmost Via value (the first value of the first Via line).</summary>
    public ViaHeader? TopVia
    {
        get
        {
            var first = Headers[HeaderNames.Via];
            if (first is null)
            {
                return null;
            }

            var values = new List<string>(2);
            SipHeaders.SplitList(first, values);
            return values.Count > 0 && ViaHeader.TryParse(values[0], out var via, out _) ? via : null;
        }
    }

    public List<ViaHeader> Vias
    {
        get
        {
            var list = new List<ViaHeader>();
            foreach (var v in Headers.GetValues(HeaderNames.Via))
            {
                if (ViaHeader.TryParse(v, out var via, out _))
                {
                    list.Add(via);
                }
            }

            return list;
        }
    }

    public NameAddress? Contact
    {
        get
        {
            var values = Headers.GetValues(HeaderNames.Contact);
            return values.Count > 0 ? ParseAddress(values[0]) : null;
        }
    }

    public List<NameAddress> RecordRoutes => ParseAddresses(HeaderNames.RecordRoute);

    public List<NameAddress> Routes => ParseAddresses(HeaderNames.Route);

    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    private static NameAddress? ParseAddress(string? text) =>
        text is not null && NameAddress.TryParse(text, out var value, out _) ? value : null;

    private List<NameAddress> ParseAddresses(string name)
    {
        var list = new List<NameAddress>();
        foreach (var v in Headers.GetValues(name))
        {
            if (NameAddress.TryParse(v, out var a, out _))
            {
                list.Add(a);
            }
        }

        return list;
    }

    protected abstract void WriteStartLine(StringBuilder sb);

    /// <summary>Writes the message; Content-Length is always written from the actual body (§20.14).</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        var sb = new StringBuilder(512);
        WriteStartLine(sb);
        sb.Append("\r\n");
        foreach (var h in Headers)
        {
            if (string.Equals(h.Name, HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            sb.Append(h.Name).Append(": ").Append(h.Value).Append("\r\n");
        }

        sb.Append(HeaderNames.ContentLength).Append(": ").Append(Body.Length).Append("\r\n\r\n");
        var head = sb.ToString();
        var span = writer.GetSpan(Encoding.UTF8.GetByteCount(head) + Body.Length);
        var n = Encoding.UTF8.GetBytes(head, span);
        Body.Span.CopyTo(span[n..]);
        writer.Advance(n + Body.Length);
    }

    public byte[] ToBytes()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public override string ToString() => Encoding.UTF8.GetString(ToBytes());
}

public sealed class SipRequest : SipMessage
{
    public SipRequest(string method, SipUri requestUri)
    {
        Method = method;
        RequestUri = requestUri;
    }

    public string Method { get; }

    public SipUri RequestUri { get; set; }

    public int? MaxForwards => int.TryParse(Headers[HeaderNames.MaxForwards], out var v) ? v : null;

    protected override void WriteStartLine(StringBuilder sb) => sb.Append(Method).Append(' ').Append(RequestUri).Append(' ').Append(Version);
}

public sealed class SipResponse : SipMessage
{
    public SipResponse(int statusCode, string reasonPhrase)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
    }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    public bool IsProvisional => StatusCode < 200;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    protected override void WriteStartLine(StringBuilder sb) => sb.Append(Version).Append(' ').Append(StatusCode).Append(' ').Append(ReasonPhrase);
}
