using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace EfficientAI.Telephony.Sip.Messages;

/// <summary>One Via value (RFC 3261 §20.42, §18.2.1; RFC 3581 rport).</summary>
public sealed class ViaHeader
{
    /// <summary>RFC 3261 §8.1.1.7: a branch starting with the magic cookie was built by an RFC 3261 element.</summary>
    public const string MagicCookie = "z9hG4bK";

    public ViaHeader(string transport, string host, int? port)
    {
        Transport = transport;
        Host = host;
        Port = port;
    }

    public string Protocol { get; init; } = "SIP/2.0";

    /// <summary>UDP, TCP, TLS, SCTP, WS, WSS or another token, upper case.</summary>
    public string Transport { get; }

    public string Host { get; }

    public int? Port { get; }

    public SipParameters Parameters { get; init; } = new();

    public string? Branch
    {
        get => Parameters.Get("branch");
        set => Parameters.Set("branch", value);
    }

    public string? Received
    {
        get => Parameters.Get("received");
        set => Parameters.Set("received", value);
    }

    public bool HasRport => Parameters.Contains("rport");

    public int? Rport => int.TryParse(Parameters.Get("rport"), out var p) ? p : null;

    public string SentBy => Port is { } p ? $"{SipUri.FormatHost(Host)}:{p}" : SipUri.FormatHost(Host);

    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out ViaHeader? via, [NotNullWhen(false)] out string? error)
    {
        if (!TryScan(text, out var syntax, out error))
        {
            via = null;
            return false;
        }

        via = Build(syntax);
        return true;
    }

    /// <summary>
    /// The via-parm grammar (§25.1): checks one Via value and returns its parts as spans of it, allocating nothing on
    /// success, so that every received Via is checked without being built.
    /// </summary>
    internal static bool TryScan(ReadOnlySpan<char> text, out ViaSyntax syntax, [NotNullWhen(false)] out string? error)
    {
        syntax = default;
        text = text.Trim();
        // sent-protocol = protocol-name SLASH protocol-version SLASH transport, LWS allowed around the slashes (§25.1)
        ReadOnlySpan<char> name = [], version = [], transport = [];
        for (var i = 0; i < 3; i++)
        {
            text = text.TrimStart();
            var n = SipGrammar.TokenLength(text);

            if (n == 0)
            {
                error = "malformed sent-protocol (expected SIP/2.0/transport)";
                return false;
            }

            switch (i)
            {
                case 0:
                    name = text[..n];
                    break;
                case 1:
                    version = text[..n];
                    break;
                default:
                    transport = text[..n];
                    break;
            }

            text = text[n..].TrimStart();
            if (i < 2)
            {
                if (text.IsEmpty || text[0] != '/')
                {
                    error = "malformed sent-protocol (expected '/')";
                    return false;
                }

                text = text[1..];
            }
        }

        if (!name.Equals("SIP", StringComparison.OrdinalIgnoreCase))
        {
            error = $"unknown protocol '{name}' in Via";
            return false;
        }

        var semi = SipParameters.IndexOfUnquoted(text, ';');
        var sentBy = (semi >= 0 ? text[..semi] : text).Trim();
        var paramText = semi >= 0 ? text[semi..] : [];
        if (sentBy.IsEmpty)
        {
            error = "missing sent-by in Via";
            return false;
        }

        int? port;
        if (sentBy.ContainsAny(' ', '\t'))
        {
            Span<char> buffer = sentBy.Length <= 256 ? stackalloc char[256] : new char[sentBy.Length];
            var normal = buffer[..RemoveLwsAroundColon(sentBy, buffer)];
            if (!SipUri.TryScanHostPort(normal, out _, out port, out error))
            {
                error = $"Via sent-by: {error}";
                return false;
            }
        }
        else if (!SipUri.TryScanHostPort(sentBy, out _, out port, out error))
        {
            error = $"Via sent-by: {error}";
            return false;
        }

        if (!SipParameters.IsValid(paramText, ';', out error))
        {
            error = $"Via parameter: {error}";
            return false;
        }

        syntax = new ViaSyntax { ProtocolName = name, ProtocolVersion = version, Transport = transport, SentBy = sentBy, Port = port, Parameters = paramText };
        return true;
    }

    /// <summary>The object for parts <see cref="TryScan"/> accepted.</summary>
    internal static ViaHeader Build(in ViaSyntax s)
    {
        var sentBy = s.SentBy;
        if (sentBy.ContainsAny(' ', '\t'))
        {
            var buffer = new char[sentBy.Length];
            sentBy = buffer.AsSpan(0, RemoveLwsAroundColon(sentBy, buffer));
        }

        SipUri.TryScanHostPort(sentBy, out var host, out _, out _);
        var parameters = new SipParameters();
        SipParameters.TryParse(s.Parameters, ';', parameters, out _);
        var protocol = s.ProtocolName.SequenceEqual("SIP") && s.ProtocolVersion.SequenceEqual("2.0") ? "SIP/2.0" : $"{s.ProtocolName}/{s.ProtocolVersion}";
        return new ViaHeader(UpperTransport(s.Transport), host.ToString(), s.Port) { Protocol = protocol, Parameters = parameters };
    }

    private static string UpperTransport(ReadOnlySpan<char> transport)
    {
        foreach (var known in (ReadOnlySpan<string>)["UDP", "TCP", "TLS", "SCTP", "WS", "WSS"])
        {
            if (transport.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return transport.ToString().ToUpperInvariant();
    }

    /// <summary>
    /// §25.1 COLON = SWS ":" SWS, so "host : port" is the same sent-by as "host:port"; whitespace anywhere else (inside
    /// the host name) is kept and rejected by the host grammar. Writes into <paramref name="into"/> and returns the length.
    /// </summary>
    private static int RemoveLwsAroundColon(ReadOnlySpan<char> s, Span<char> into)
    {
        var n = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] is ' ' or '\t')
            {
                var next = i + 1;
                while (next < s.Length && s[next] is ' ' or '\t')
                {
                    next++;
                }

                var afterColon = n > 0 && into[n - 1] == ':';
                var beforeColon = next < s.Length && s[next] == ':';
                if (!afterColon && !beforeColon)
                {
                    s[i..next].CopyTo(into[n..]);
                    n += next - i;
                }

                i = next - 1;
                continue;
            }

            into[n++] = s[i];
        }

        return n;
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Protocol).Append('/').Append(Transport).Append(' ').Append(SentBy);
        Parameters.AppendTo(sb);
        return sb.ToString();
    }
}

/// <summary>The parts of one Via value as <see cref="ViaHeader.TryScan"/> found them.</summary>
internal readonly ref struct ViaSyntax
{
    public ReadOnlySpan<char> ProtocolName { get; init; }

    public ReadOnlySpan<char> ProtocolVersion { get; init; }

    public ReadOnlySpan<char> Transport { get; init; }

    /// <summary>host [":" port] as written, LWS around the colon included.</summary>
    public ReadOnlySpan<char> SentBy { get; init; }

    public int? Port { get; init; }

    /// <summary>The via-params with their leading ';', already checked.</summary>
    public ReadOnlySpan<char> Parameters { get; init; }
}
