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
        via = null;
        text = text.Trim();
        // sent-protocol = protocol-name SLASH protocol-version SLASH transport, LWS allowed around the slashes (§25.1)
        var parts = new string[3];
        for (var i = 0; i < 3; i++)
        {
            text = text.TrimStart();
            var n = 0;
            while (n < text.Length && SipGrammar.IsTokenChar(text[n]))
            {
                n++;
            }

            if (n == 0)
            {
                error = "malformed sent-protocol (expected SIP/2.0/transport)";
                return false;
            }

            parts[i] = text[..n].ToString();
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

        if (!parts[0].Equals("SIP", StringComparison.OrdinalIgnoreCase))
        {
            error = $"unknown protocol '{parts[0]}' in Via";
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

        // §25.1 COLON = SWS ":" SWS, so "host : port" is the same sent-by as "host:port"; whitespace anywhere else
        // (inside the host name) is kept and rejected below.
        if (!SipUri.TryParseHostPort(RemoveLwsAroundColon(sentBy), out var host, out var port, out error))
        {
            error = $"Via sent-by: {error}";
            return false;
        }

        var parameters = new SipParameters();
        if (!SipParameters.TryParse(paramText, ';', parameters, out error))
        {
            error = $"Via parameter: {error}";
            return false;
        }

        via = new ViaHeader(parts[2].ToUpperInvariant(), host, port) { Protocol = $"{parts[0]}/{parts[1]}", Parameters = parameters };
        return true;
    }

    private static string RemoveLwsAroundColon(ReadOnlySpan<char> s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] is ' ' or '\t')
            {
                var next = i + 1;
                while (next < s.Length && s[next] is ' ' or '\t')
                {
                    next++;
                }

                var afterColon = sb.Length > 0 && sb[^1] == ':';
                var beforeColon = next < s.Length && s[next] == ':';
                if (!afterColon && !beforeColon)
                {
                    sb.Append(s[i..next]);
                }

                i = next - 1;
                continue;
            }

            sb.Append(s[i]);
        }

        return sb.ToString();
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Protocol).Append('/').Append(Transport).Append(' ').Append(SentBy);
        Parameters.AppendTo(sb);
        return sb.ToString();
    }
}
