using System.Security.Cryptography;
using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Authentication;

/// <summary>What to do with a 401/407: resend with these header fields, or give up for the stated reason.</summary>
public sealed record ChallengeAnswer(IReadOnlyList<SipHeader> Headers, string? Failure)
{
    public bool Succeeded => Failure is null;
}

/// <summary>
/// Answers digest challenges for one client identity (a call, a registration): chooses the challenge to answer,
/// counts nonce uses per nonce, and decides when to stop — a challenge of a realm whose non-stale nonce we just answered means
/// the credentials are wrong, and no request is answered more than <see cref="MaxChallengesPerRequest"/> times, so a
/// server that challenges forever cannot keep a call alive.
/// </summary>
public sealed class DigestAuthenticator
{
    private readonly object _gate = new();
    private readonly IReadOnlyList<SipCredentials> _credentials;
    private readonly Dictionary<string, uint> _nonceCounts = new(StringComparer.Ordinal);

    public DigestAuthenticator(params IReadOnlyList<SipCredentials> credentials)
    {
        _credentials = credentials;
    }

    /// <summary>How many challenges one request (its retries included) may answer before the request fails.</summary>
    public int MaxChallengesPerRequest { get; init; } = 3;

    /// <summary>
    /// Answers the challenges of <paramref name="response"/> (a 401 or 407) to <paramref name="sent"/>, the request as
    /// it was sent; <paramref name="attempt"/> counts the challenges this request has already answered.
    /// The returned header fields go into the retry, replacing any Authorization/Proxy-Authorization of the same realm.
    /// </summary>
    public ChallengeAnswer Answer(SipRequest sent, SipResponse response, int attempt)
    {
        var rejected = new List<string>();
        var challenges = DigestChallenge.FromResponse(response, rejected);
        if (challenges.Count == 0)
        {
            var why = rejected.Count > 0 ? string.Join("; ", rejected) : "no WWW-Authenticate or Proxy-Authenticate header";
            return Fail($"authentication failed: {response.StatusCode} without a usable Digest challenge ({why})");
        }

        if (attempt >= MaxChallengesPerRequest)
        {
            return Fail($"authentication failed: {response.StatusCode} after {attempt} answered challenges for realm \"{challenges[0].Realm}\"");
        }

        var headers = new List<SipHeader>();
        foreach (var group in challenges.GroupBy(c => (c.Realm, c.IsProxy)))
        {
            // RFC 8760 §2.4: of several challenges for one realm, answer the topmost one whose algorithm we support
            // (servers list them in order of preference, §2.6).
            var challenge = group.FirstOrDefault(c => c.Algorithm is not null);
            if (challenge is null)
            {
                var names = string.Join(", ", group.Select(c => c.AlgorithmName));
                return Fail($"authentication failed: {response.StatusCode} for realm \"{group.Key.Realm}\" offers only unsupported algorithms ({names})");
            }

            var credentials = _credentials.FirstOrDefault(c => c.Answers(challenge.Realm));
            if (credentials is null)
            {
                return Fail($"authentication failed: {response.StatusCode} for realm \"{challenge.Realm}\" and no credentials for it");
            }

            // The request carried our answer to this realm's last challenge and the nonce is not stale: the server
            // rejected the password itself (RFC 7616 §3.3: only stale=true invites a retry with the same credentials).
            // Credentials sent before any challenge of this request (pre-authorized, §22.3) may just use a nonce the
            // server forgot, so they earn one retry.
            if (!challenge.Stale && attempt > 0 && AnsweredRealm(sent, challenge))
            {
                return Fail($"authentication failed: {response.StatusCode} after credentials for realm \"{challenge.Realm}\"");
            }

            headers.Add(new SipHeader(challenge.AnswerHeaderName, Credentials(challenge, credentials, sent).ToString()));
        }

        return new ChallengeAnswer(headers, null);
    }

    /// <summary>Copies the answer into a request, replacing earlier credentials for the same realm.</summary>
    public static void Apply(SipRequest request, IReadOnlyList<SipHeader> headers)
    {
        foreach (var header in headers)
        {
            if (DigestCredentials.TryParse(header.Value, out var mine, out _))
            {
                RemoveRealm(request, header.Name, mine.Realm);
            }

            request.Headers.Add(header.Name, header.Value);
        }
    }

    private DigestCredentials Credentials(DigestChallenge challenge, SipCredentials credentials, SipRequest request)
    {
        var algorithm = challenge.Algorithm!;
        // RFC 7616 §3.3: prefer auth; auth-int only when it is all that is offered (it also hashes the body).
        string? qop = challenge.QopOptions.Count == 0 ? null
            : challenge.QopOptions.Contains("auth", StringComparer.OrdinalIgnoreCase) ? "auth"
            : challenge.QopOptions.Contains("auth-int", StringComparer.OrdinalIgnoreCase) ? "auth-int"
            : null;
        var cnonce = qop is null && !algorithm.IsSession ? null : NewCnonce();
        uint nc;
        lock (_gate)
        {
            // §3.4: nc counts the requests sent with this nonce, starting at 1 — the server uses it against replays.
            _nonceCounts.TryGetValue(challenge.Nonce, out nc);
            _nonceCounts[challenge.Nonce] = ++nc;
        }

        var uri = request.RequestUri.ToString();
        var response = DigestResponse.Compute(algorithm, credentials.Username, challenge.Realm, credentials.Password, request.Method, uri,
            challenge.Nonce, qop, cnonce, nc, request.Body.Span);
        return new DigestCredentials
        {
            Username = credentials.Username,
            Realm = challenge.Realm,
            Nonce = challenge.Nonce,
            Uri = uri,
            Response = response,
            Algorithm = challenge.AlgorithmName,
            Opaque = challenge.Opaque,
            Qop = qop,
            Cnonce = cnonce,
            NonceCount = qop is null ? 0 : nc,
        };
    }

    private static bool AnsweredRealm(SipRequest sent, DigestChallenge challenge)
    {
        foreach (var line in sent.Headers.GetLines(challenge.AnswerHeaderName))
        {
            if (DigestCredentials.TryParse(line, out var given, out _) && given.Realm == challenge.Realm)
            {
                return true;
            }
        }

        return false;
    }

    private static void RemoveRealm(SipRequest request, string headerName, string realm)
    {
        var keep = request.Headers.GetLines(headerName)
            .Where(line => !(DigestCredentials.TryParse(line, out var c, out _) && c.Realm == realm))
            .ToList();
        request.Headers.Remove(headerName);
        foreach (var line in keep)
        {
            request.Headers.Add(headerName, line);
        }
    }

    private static ChallengeAnswer Fail(string reason) => new([], reason);

    // §5.12 asks for a cnonce the server cannot predict: 128 random bits, hex.
    private static string NewCnonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
