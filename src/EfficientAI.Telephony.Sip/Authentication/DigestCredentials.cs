using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace EfficientAI.Telephony.Sip.Authentication;

/// <summary>
/// The value of an Authorization or Proxy-Authorization header field (RFC 3261 §22.2, §25.1 dig-resp;
/// RFC 7616 §3.4). It carries the response hash, never the password.
/// </summary>
public sealed record DigestCredentials
{
    public const string Authorization = "Authorization";
    public const string ProxyAuthorization = "Proxy-Authorization";

    public required string Username { get; init; }

    public required string Realm { get; init; }

    public required string Nonce { get; init; }

    /// <summary>The digest-uri: the Request-URI of the request being authorized (RFC 3261 §22.4 item 3).</summary>
    public required string Uri { get; init; }

    public required string Response { get; init; }

    /// <summary>As written in the challenge; null when the challenge named none (then we name none either).</summary>
    public string? Algorithm { get; init; }

    public string? Opaque { get; init; }

    /// <summary>"auth" or "auth-int"; null for an RFC 2069-style challenge without qop.</summary>
    public string? Qop { get; init; }

    public string? Cnonce { get; init; }

    /// <summary>The nonce count: how many requests this client has sent with this nonce, this one included.</summary>
    public uint NonceCount { get; init; }

    public static bool TryParse(string value, [NotNullWhen(true)] out DigestCredentials? credentials, [NotNullWhen(false)] out string? error)
    {
        credentials = null;
        if (!AuthParameters.TryParse(value, out var scheme, out var p, out error))
        {
            return false;
        }

        if (!scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase))
        {
            error = $"scheme '{scheme}' is not Digest";
            return false;
        }

        foreach (var required in new[] { "username", "realm", "nonce", "uri", "response" })
        {
            if (!p.ContainsKey(required))
            {
                error = $"credentials have no {required}";
                return false;
            }
        }

        uint nc = 0;
        if (p.TryGetValue("nc", out var ncText) && !uint.TryParse(ncText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out nc))
        {
            error = $"nc '{ncText}' is not 8 hex digits";
            return false;
        }

        credentials = new DigestCredentials
        {
            Username = p["username"],
            Realm = p["realm"],
            Nonce = p["nonce"],
            Uri = p["uri"],
            Response = p["response"],
            Algorithm = p.GetValueOrDefault("algorithm"),
            Opaque = p.GetValueOrDefault("opaque"),
            Qop = p.GetValueOrDefault("qop"),
            Cnonce = p.GetValueOrDefault("cnonce"),
            NonceCount = nc,
        };
        return true;
    }

    /// <summary>The header value. Quoting follows RFC 3261 §25.1: algorithm, qop and nc are tokens, the rest quoted.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("Digest ");
        sb.Append("username=").Append(AuthParameters.Quote(Username));
        sb.Append(", realm=").Append(AuthParameters.Quote(Realm));
        sb.Append(", nonce=").Append(AuthParameters.Quote(Nonce));
        sb.Append(", uri=").Append(AuthParameters.Quote(Uri));
        sb.Append(", response=").Append(AuthParameters.Quote(Response));
        if (Algorithm is not null)
        {
            sb.Append(", algorithm=").Append(Algorithm);
        }

        if (Qop is not null)
        {
            sb.Append(", cnonce=").Append(AuthParameters.Quote(Cnonce ?? ""));
            sb.Append(", qop=").Append(Qop);
            sb.Append(", nc=").Append(NonceCount.ToString("x8", CultureInfo.InvariantCulture));
        }

        if (Opaque is not null)
        {
            sb.Append(", opaque=").Append(AuthParameters.Quote(Opaque));
        }

        return sb.ToString();
    }
}
