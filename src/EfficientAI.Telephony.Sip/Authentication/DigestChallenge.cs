using System.Diagnostics.CodeAnalysis;
using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Authentication;

/// <summary>
/// One Digest challenge from a WWW-Authenticate (401, from a UAS or registrar) or Proxy-Authenticate (407, from a
/// proxy) header field (RFC 3261 §22.1, §25.1 digest-cln; RFC 7616 §3.3).
/// </summary>
public sealed class DigestChallenge
{
    public const string WwwAuthenticate = "WWW-Authenticate";
    public const string ProxyAuthenticate = "Proxy-Authenticate";

    private DigestChallenge(string realm, string nonce)
    {
        Realm = realm;
        Nonce = nonce;
    }

    public string Realm { get; }

    public string Nonce { get; }

    public string? Opaque { get; private init; }

    /// <summary>The algorithm parameter as written; null when absent (which means MD5, RFC 7616 §3.3).</summary>
    public string? AlgorithmName { get; private init; }

    /// <summary>The algorithm when we can compute it; null for one we do not support.</summary>
    public DigestAlgorithm? Algorithm { get; private init; }

    /// <summary>The qop options offered (RFC 7616 §3.3 "qop-options"); empty for an RFC 2069-style challenge.</summary>
    public IReadOnlyList<string> QopOptions { get; private init; } = [];

    /// <summary>
    /// stale=true: the credentials were right but the nonce had expired, so a retry with the new nonce is expected
    /// to succeed (RFC 7616 §3.3).
    /// </summary>
    public bool Stale { get; private init; }

    /// <summary>True for a Proxy-Authenticate challenge, answered with Proxy-Authorization.</summary>
    public bool IsProxy { get; private init; }

    /// <summary>The header our answer goes in (RFC 3261 §22.2, §22.3).</summary>
    public string AnswerHeaderName => IsProxy ? DigestCredentials.ProxyAuthorization : DigestCredentials.Authorization;

    public static DigestChallenge Parse(string value, bool isProxy = false) =>
        TryParse(value, isProxy, out var challenge, out var error) ? challenge : throw new FormatException(error);

    public static bool TryParse(string value, bool isProxy, [NotNullWhen(true)] out DigestChallenge? challenge, [NotNullWhen(false)] out string? error)
    {
        challenge = null;
        if (!AuthParameters.TryParse(value, out var scheme, out var p, out error))
        {
            return false;
        }

        if (!scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase))
        {
            error = $"scheme '{scheme}' is not Digest";
            return false;
        }

        // RFC 3261 §25.1 digest-cln: realm and nonce are what every answer is computed from.
        if (!p.TryGetValue("realm", out var realm))
        {
            error = "challenge has no realm";
            return false;
        }

        if (!p.TryGetValue("nonce", out var nonce) || nonce.Length == 0)
        {
            error = "challenge has no nonce";
            return false;
        }

        p.TryGetValue("algorithm", out var algorithmName);
        var known = DigestAlgorithm.TryGet(algorithmName, out var algorithm);
        var qop = p.TryGetValue("qop", out var qopText)
            ? qopText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [];
        challenge = new DigestChallenge(realm, nonce)
        {
            Opaque = p.GetValueOrDefault("opaque"),
            AlgorithmName = algorithmName,
            Algorithm = known ? algorithm : null,
            QopOptions = qop,
            Stale = p.TryGetValue("stale", out var stale) && stale.Equals("true", StringComparison.OrdinalIgnoreCase),
            IsProxy = isProxy,
        };
        return true;
    }

    /// <summary>
    /// Every Digest challenge of a 401 or 407, in the order of the header fields (a 401 carries WWW-Authenticate, a
    /// 407 Proxy-Authenticate; RFC 3261 §22.3 lets a forking proxy merge both kinds into one response). Values that do
    /// not parse are skipped and described in <paramref name="rejected"/>.
    /// </summary>
    public static List<DigestChallenge> FromResponse(SipResponse response, List<string>? rejected = null)
    {
        var challenges = new List<DigestChallenge>();
        foreach (var (name, isProxy) in new[] { (ProxyAuthenticate, true), (WwwAuthenticate, false) })
        {
            // One challenge per header field (§25.1); never split on commas, which the parameters themselves use.
            foreach (var line in response.Headers.GetLines(name))
            {
                if (TryParse(line, isProxy, out var challenge, out var error))
                {
                    challenges.Add(challenge);
                }
                else
                {
                    rejected?.Add($"{name}: {error}");
                }
            }
        }

        return challenges;
    }

    public override string ToString() => $"Digest realm=\"{Realm}\" algorithm={AlgorithmName ?? "MD5"}{(Stale ? " stale" : "")}";
}
