using System.Globalization;

namespace EfficientAI.Telephony.Sip.Authentication;

/// <summary>The request-digest computation of RFC 7616 §3.4.1–§3.4.3 (RFC 2617 §3.2.2 when there is no qop).</summary>
public static class DigestResponse
{
    /// <summary>
    /// Computes the "response" value. <paramref name="body"/> is hashed only for qop=auth-int (§3.4.3: A2 then also
    /// covers H(entity-body)); for qop=auth and no qop it is ignored.
    /// </summary>
    public static string Compute(
        DigestAlgorithm algorithm,
        string username,
        string realm,
        string password,
        string method,
        string digestUri,
        string nonce,
        string? qop,
        string? cnonce,
        uint nonceCount,
        ReadOnlySpan<byte> body = default)
    {
        // §3.4.2: A1 = username ":" realm ":" passwd, and for -sess H(that) ":" nonce ":" cnonce.
        var ha1 = algorithm.H($"{username}:{realm}:{password}");
        if (algorithm.IsSession)
        {
            ha1 = algorithm.H($"{ha1}:{nonce}:{cnonce}");
        }

        // §3.4.3: A2 = Method ":" request-uri, plus ":" H(entity-body) for auth-int.
        var a2 = qop == "auth-int" ? $"{method}:{digestUri}:{algorithm.H(body)}" : $"{method}:{digestUri}";
        var ha2 = algorithm.H(a2);
        if (qop is null)
        {
            // RFC 2617 §3.2.2.1 compatibility with RFC 2069: no nc, no cnonce.
            return algorithm.KD(ha1, $"{nonce}:{ha2}");
        }

        var nc = nonceCount.ToString("x8", CultureInfo.InvariantCulture);
        return algorithm.KD(ha1, $"{nonce}:{nc}:{cnonce}:{qop}:{ha2}");
    }
}
