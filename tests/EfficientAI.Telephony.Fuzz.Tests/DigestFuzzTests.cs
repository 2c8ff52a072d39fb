using System.Text;
using CsCheck;
using EfficientAI.Telephony.Sip.Authentication;

namespace EfficientAI.Telephony.Fuzz.Tests;

/// <summary>
/// WWW-Authenticate / Proxy-Authenticate values (RFC 3261 §22.4, RFC 8760), read through
/// <see cref="DigestChallenge.TryParse"/> and so through the auth-param reader. Rejected means false with an error; no
/// input may throw, and a challenge that reads answers every accessor.
/// </summary>
public class DigestFuzzTests
{
    private static readonly IReadOnlyList<byte[]> Corpus =
    [
        .. new[]
        {
            "Digest realm=\"atlanta.com\", domain=\"sip:boxesbybob.com\", qop=\"auth\", nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", stale=FALSE, algorithm=MD5",
            "Digest realm=\"biloxi.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
            "Digest realm=\"example.com\",nonce=\"abc\",algorithm=SHA-256,qop=auth,stale=true,userhash=true",
            "Digest realm=\"a \\\"quoted\\\" realm\", nonce=\"x\", algorithm=SHA-512-256, charset=UTF-8",
            "digest  realm = \"r\" ,  nonce = \"n\" , algorithm = MD5-sess",
        }.Select(Encoding.UTF8.GetBytes),
    ];

    [Fact]
    public void Digest_MutatedChallenges_AreReadOrRejected_NeverThrow()
    {
        FuzzRun.Run("digest-mutation", Mutator.Mutations(Corpus).Select(Encoding.UTF8.GetString), Check, t => $"\"{Mutator.Escape(t)}\"");
    }

    [Fact]
    public void Digest_GrammarGeneratedChallenges_AreReadOrRejected_NeverThrow()
    {
        FuzzRun.Run("digest-grammar", SipGrammar.Challenge, Check, t => $"\"{Mutator.Escape(t)}\"");
    }

    private static void Check(string value)
    {
        var ok = FuzzRun.Bounded(value.Length, 64, 16 * 1024, () => DigestChallenge.TryParse(value, isProxy: value.Length % 2 == 0, out var c, out var e) ? (c, e) : (null, e));
        if (ok.c is not { } challenge)
        {
            if (string.IsNullOrWhiteSpace(ok.e))
            {
                throw new FuzzFinding("a challenge was rejected without an error");
            }

            return;
        }

        _ = challenge.Realm.Length + challenge.Nonce.Length + (challenge.Opaque?.Length ?? 0) + challenge.QopOptions.Count;
        _ = challenge.Algorithm;
        _ = challenge.AlgorithmName;
        _ = challenge.Stale;
        _ = challenge.AnswerHeaderName;
        _ = challenge.ToString();
    }
}
