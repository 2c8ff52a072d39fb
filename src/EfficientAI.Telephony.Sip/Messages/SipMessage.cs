using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace EfficientAI.Telephony.Sip.Messages;

/// <summary>
/// A SIP request or response (RFC 3261 §7). Typed header accessors parse on demand.
/// A received message is lazy: it keeps the received bytes and an index of its header fields, made during the one
/// framing pass, and makes strings only when asked. <see cref="Headers"/> is materialised on first access and from then
/// on is the source of truth, since a user agent changes the headers of what it received (the Via "received", §18.2.1).
/// </summary>
public abstract class SipMessage
{
    private SipHeaders? _headers;
    private ReadOnlyMemory<byte> _source;
    private HeaderIndex _index;

    // What a received message has read from its index; used only until the headers are materialised.
    private string? _callId;
    private string? _contentType;
    private CSeqHeader? _cseq;
    private bool _cseqRead;

    protected SipMessage()
    {
        _headers = new SipHeaders();
    }

    /// <summary>A received message; the reader then fills <see cref="Index"/> and calls <see cref="Attach"/>.</summary>
    private protected SipMessage(string version)
    {
        Version = version;
    }

    public string Version { get; init; } = "SIP/2.0";

    public SipHeaders Headers
    {
        get => _headers ?? Materialise();
        init => _headers = value;
    }

    public ReadOnlyMemory<byte> Body { get; set; }

    public string? CallId => _headers is { } h ? h[HeaderNames.CallId] : _callId ??= FirstString(HeaderId.CallId);

    public CSeqHeader? CSeq
    {
        get
        {
            if (_headers is { } h)
            {
                return CSeqHeader.TryParse(h[HeaderNames.CSeq], out var v, out _) ? v : null;
            }

            // Another thread may read the cache: the flag is published after the value it guards.
            if (!Volatile.Read(ref _cseqRead))
            {
                _cseq = ParseFirst<CSeqHeader?>(HeaderId.CSeq, null, static t => CSeqHeader.TryParse(t, out var v, out _) ? v : null);
                Volatile.Write(ref _cseqRead, true);
            }

            return _cseq;
        }
    }

    public NameAddress? From => _headers is { } h ? ParseAddress(h[HeaderNames.From]) : ParseFirst(HeaderId.From, null, ParseAddress);

    public NameAddress? To => _headers is { } h ? ParseAddress(h[HeaderNames.To]) : ParseFirst(HeaderId.To, null, ParseAddress);

    public string? ContentType => _headers is { } h ? h[HeaderNames.ContentType] : _contentType ??= FirstString(HeaderId.ContentType);

    /// <summary>The topmost Via value (the first value of the first Via line).</summary>
    public ViaHeader? TopVia
    {
        get
        {
            if (_headers is { } h)
            {
                var first = h[HeaderNames.Via];
                return first is not null ? ParseVia(HeaderList.First(first)) : null;
            }

            return ParseFirst(HeaderId.Via, null, static t => ParseVia(HeaderList.First(t)));
        }
    }

    public List<ViaHeader> Vias => ParseAll(HeaderId.Via, HeaderNames.Via, ParseVia);

    public NameAddress? Contact
    {
        get
        {
            if (_headers is { } h)
            {
                var values = h.GetValues(HeaderNames.Contact);
                return values.Count > 0 ? ParseAddress(values[0]) : null;
            }

            // The first element of the Contact lines, as GetValues()[0] would find it.
            foreach (ref readonly var line in _index.Fields)
            {
                if (line.Id != HeaderId.Contact)
                {
                    continue;
                }

                var (found, address) = WithText(line, 0, static (t, _) =>
                    HeaderList.First(t) is { IsEmpty: false } first ? (true, ParseAddress(first)) : (false, null));
                if (found)
                {
                    return address;
                }
            }

            return null;
        }
    }

    public List<NameAddress> RecordRoutes => ParseAll(HeaderId.RecordRoute, HeaderNames.RecordRoute, ParseAddress);

    public List<NameAddress> Routes => ParseAll(HeaderId.Route, HeaderNames.Route, ParseAddress);

    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    /// <summary>Whether the message has the header; a received message answers from its index, building no strings.</summary>
    public bool HasHeader(string name)
    {
        if (_headers is { } h)
        {
            return h.Contains(name);
        }

        var id = HeaderNames.Find(name);
        return id == HeaderId.Unknown ? Headers.Contains(name) : _index.IndexOf(id) >= 0;
    }

    /// <summary>The header fields as received (meaningful only for a received message).</summary>
    internal ref readonly HeaderIndex Index => ref _index;

    /// <summary>The received bytes the index and the start line point into (empty for a message built here).</summary>
    internal ReadOnlySpan<byte> Source => _source.Span;

    /// <summary>True while a received message has not materialised <see cref="Headers"/>.</summary>
    internal bool IsIndexed => _headers is null;

    internal void AddField(in HeaderField field) => _index.Add(field);

    /// <summary>Hands the message the bytes its ranges point into; the caller no longer changes them.</summary>
    internal void Attach(ReadOnlyMemory<byte> source, int bodyStart, int bodyLength)
    {
        _source = source;
        Body = source.Slice(bodyStart, bodyLength);
    }

    private protected delegate TResult TextReader<TState, TResult>(ReadOnlySpan<char> text, TState state);

    private protected delegate TResult TextParser<TResult>(ReadOnlySpan<char> text);

    /// <summary>Parses the first field with this id (of a message that is still indexed), or returns <paramref name="missing"/>.</summary>
    private protected T ParseFirst<T>(HeaderId id, T missing, TextParser<T> parse)
    {
        var i = _index.IndexOf(id);
        return i < 0 ? missing : WithText(_index.Fields[i], parse, static (t, p) => p(t));
    }

    /// <summary>Runs <paramref name="read"/> over the text of a received field, decoded into a stack or pooled buffer.</summary>
    private protected TResult WithText<TState, TResult>(in HeaderField field, TState state, TextReader<TState, TResult> read)
    {
        char[]? rented = null;
        var buffer = field.ValueLength <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(field.ValueLength));
        try
        {
            return read(HeaderIndex.Text(field, _source.Span, buffer), state);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private string? FirstString(HeaderId id)
    {
        var i = _index.IndexOf(id);
        return i < 0 ? null : HeaderIndex.String(_index.Fields[i], _source.Span);
    }

    private List<T> ParseAll<T>(HeaderId id, string name, TextParser<T?> parse)
        where T : class
    {
        var list = new List<T>();
        if (_headers is { } h)
        {
            foreach (var v in h.GetValues(name))
            {
                if (parse(v) is { } value)
                {
                    list.Add(value);
                }
            }

            return list;
        }

        foreach (ref readonly var field in _index.Fields)
        {
            if (field.Id == id)
            {
                WithText(field, (list, parse), static (text, s) =>
                {
                    foreach (var part in new HeaderList(text))
                    {
                        if (s.parse(part) is { } value)
                        {
                            s.list.Add(value);
                        }
                    }

                    return 0;
                });
            }
        }

        return list;
    }

    private SipHeaders Materialise()
    {
        var source = _source.Span;
        var headers = new SipHeaders(Math.Max(_index.Count, 4));
        foreach (ref readonly var field in _index.Fields)
        {
            headers.AddCanonical(HeaderIndex.Name(field, source), HeaderIndex.String(field, source));
        }

        // Two threads asking at once must end up with one set of headers, or a change to the other would be lost.
        return Interlocked.CompareExchange(ref _headers, headers, null) ?? headers;
    }

    private static NameAddress? ParseAddress(ReadOnlySpan<char> text) => NameAddress.TryParse(text, out var value, out _) ? value : null;

    private static NameAddress? ParseAddress(string? text) => text is not null ? ParseAddress(text.AsSpan()) : null;

    private static ViaHeader? ParseVia(ReadOnlySpan<char> text) => ViaHeader.TryParse(text, out var via, out _) ? via : null;

    private protected abstract void WriteStartLine(ref Utf8Sink sink);

    /// <summary>A folded or not-UTF-8 value: unfolded (§7.3.1) and with U+FFFD for invalid bytes, as it would materialise.</summary>
    private static void WriteDecoded(ref Utf8Sink sink, in HeaderField field, ReadOnlySpan<byte> source)
    {
        char[]? rented = null;
        var buffer = field.ValueLength <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(field.ValueLength));
        sink.Append(HeaderIndex.Text(field, source, buffer));
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Writes the message as UTF-8 straight into <paramref name="writer"/>; Content-Length is always written from the
    /// actual body (§20.14). A received message whose headers were never materialised is written from its bytes.
    /// </summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        var sink = new Utf8Sink(writer);
        WriteStartLine(ref sink);
        sink.AppendUtf8("\r\n"u8);
        if (_headers is { } headers)
        {
            foreach (var h in headers)
            {
                if (!string.Equals(h.Name, HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
                {
                    sink.Append(h.Name);
                    sink.AppendUtf8(": "u8);
                    sink.Append(h.Value);
                    sink.AppendUtf8("\r\n"u8);
                }
            }
        }
        else
        {
            WriteIndexedHeaders(ref sink);
        }

        sink.AppendUtf8("Content-Length: "u8);
        sink.Append(Body.Length);
        sink.AppendUtf8("\r\n\r\n"u8);
        sink.AppendUtf8(Body.Span);
        sink.Flush();
    }

    private void WriteIndexedHeaders(ref Utf8Sink sink)
    {
        var source = _source.Span;
        foreach (ref readonly var field in _index.Fields)
        {
            if (field.Id == HeaderId.ContentLength)
            {
                continue;
            }

            if (field.Id == HeaderId.Unknown)
            {
                sink.AppendUtf8(source.Slice(field.NameStart, field.NameLength));
            }
            else
            {
                sink.Append(HeaderNames.NameOf(field.Id));
            }

            sink.AppendUtf8(": "u8);
            var value = source.Slice(field.ValueStart, field.ValueLength);
            if (!field.Folded && Utf8.IsValid(value))
            {
                sink.AppendUtf8(value);
            }
            else
            {
                WriteDecoded(ref sink, field, source);
            }

            sink.AppendUtf8("\r\n"u8);
        }
    }

    public byte[] ToBytes()
    {
        var buffer = new ArrayBufferWriter<byte>(512 + Body.Length);
        WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public override string ToString() => Encoding.UTF8.GetString(ToBytes());
}
