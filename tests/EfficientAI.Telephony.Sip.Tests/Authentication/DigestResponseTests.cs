using System.Text;
using EfficientAI.Telephony.Sip.Authentication;

namespace EfficientAI.Telephony.Sip.Tests.Authentication;

/// <summary>
/// The request-digest of RFC 7616 §3.4 against published values. The §3.9.1 example is HTTP (method GET, uri
/// /dir/index.html); the computation is the one SIP uses (RFC 3261 §22.4, RFC 8760 §2), only the method and URI differ.
/// </summary>
public sealed class DigestResponseTests
{
    // RFC 7616 §3.9.1: user "Mufasa", password "Circle of Life", realm "http-auth@example.org", GET /dir/index.html.
    private const string Rfc7616Nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private const string Rfc7616Cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    [Fact]
    public void Rfc7616Example_Md5_GivesThePublishedResponse()
    {
        var response = DigestResponse.Compute(DigestAlgorithm.Md5, "Mufasa", "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html",
            Rfc7616Nonce, "auth", Rfc7616Cnonce, 1);

        Assert.Equal("8ca523f5e9506fed4657c9700eebdbec", response);
    }

    [Fact]
    public void Rfc7616Example_Sha256_GivesThePublishedResponse()
    {
        var response = DigestResponse.Compute(DigestAlgorithm.Sha256, "Mufasa", "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html",
            Rfc7616Nonce, "auth", Rfc7616Cnonce, 1);

        Assert.Equal("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", response);
    }

    [Fact]
    public void Rfc2617Example_Md5WithQopAuth_GivesThePublishedResponse()
    {
        // RFC 2617 §3.5: realm testrealm@host.com, nonce dcd98b…, cnonce 0a4f113b, nc 00000001.
        var response = DigestResponse.Compute(DigestAlgorithm.Md5, "Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html",
            "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", "0a4f113b", 1);

        Assert.Equal("6629fae49393a05397450978507c4ef1", response);
    }

    // The expected values below were computed with Python's hashlib from the formulas of RFC 7616 §3.4.1–§3.4.3,
    // independently of this implementation: a SIP INVITE from alice to bob.
    [Theory]
    [InlineData("MD5-sess", "auth", "cb29d189a590bf262734b6855e81f763")]
    [InlineData("SHA-256", "auth-int", "5d0d82b455bee9e6e2a1292b45b12b60729448d244e3b5ea2e51fdb218848994")]
    [InlineData("SHA-512-256", "auth", "e9619b74a7803f65d3f7005cad3854890aa2d05f8624630fabd65a45a94f3058")]
    [InlineData("MD5", null, "b2724d4a3f103fbab62508896b96401b")]
    public void SipInvite_EachAlgorithmAndQop_MatchesTheRfc7616Formulas(string algorithm, string? qop, string expected)
    {
        Assert.True(DigestAlgorithm.TryGet(algorithm, out var alg));

        var response = DigestResponse.Compute(alg, "alice", "atlanta.example.com", "zanzibar", "INVITE", "sip:bob@biloxi.example.com",
            "dcd98b7102dd2f0e8b11d0f600bfb0c093", qop, "0a4f113b", 1, Encoding.UTF8.GetBytes("v=0\r\n"));

        Assert.Equal(expected, response);
    }

    [Fact]
    public void QopAuth_IgnoresTheBody_WhileAuthIntCoversIt()
    {
        string Compute(string qop, string body) => DigestResponse.Compute(DigestAlgorithm.Md5, "alice", "r", "pw", "INVITE", "sip:bob@h",
            "n", qop, "c", 1, Encoding.UTF8.GetBytes(body));

        Assert.Equal(Compute("auth", "v=0\r\n"), Compute("auth", "v=1\r\n"));
        Assert.NotEqual(Compute("auth-int", "v=0\r\n"), Compute("auth-int", "v=1\r\n"));
    }

    // FIPS 180-4 SHA-512/256 examples (NIST CSRC "SHA512_256.pdf"): "abc" (one block) and the 896-bit two-block message.
    [Theory]
    [InlineData("abc", "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23")]
    [InlineData("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
        "3928e184fb8690f840da3988121d31be65cb9d3ef83ee6146feac861e19b563a")]
    [InlineData("", "c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a")]
    public void Sha512Slash256_MatchesTheFipsExamples(string message, string expected)
    {
        Assert.Equal(expected, DigestAlgorithm.Sha512Slash256.H(message));
    }

    [Fact]
    public void Sha512Slash256_IsNotATruncatedSha512()
    {
        var truncated = Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData("abc"u8)[..32]);

        Assert.NotEqual(truncated, DigestAlgorithm.Sha512Slash256.H("abc"));
    }

    [Theory]
    [InlineData(null, "MD5")]
    [InlineData("md5", "MD5")]
    [InlineData("sha-256-SESS", "SHA-256-sess")]
    [InlineData("SHA-512-256", "SHA-512-256")]
    public void AlgorithmNames_AreCaseInsensitive_AndAbsentMeansMd5(string? written, string expected)
    {
        Assert.True(DigestAlgorithm.TryGet(written, out var algorithm));
        Assert.Equal(expected, algorithm.Name);
    }

    [Fact]
    public void AkaAlgorithm_IsNotSupported()
    {
        Assert.False(DigestAlgorithm.TryGet("AKAv1-MD5", out _));
    }
}
