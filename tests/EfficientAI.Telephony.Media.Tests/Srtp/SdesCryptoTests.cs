using System.Net;
using EfficientAI.Telephony.Media.Sdp;
using EfficientAI.Telephony.Media.Srtp;

namespace EfficientAI.Telephony.Media.Tests.Srtp;

/// <summary>SDES (RFC 4568): a=crypto parsing and writing, and offer/answer with keys.</summary>
public class SdesCryptoTests
{
    private static readonly IPEndPoint Alice = new(IPAddress.Parse("192.0.2.10"), 49170);
    private static readonly IPEndPoint Bob = new(IPAddress.Parse("198.51.100.20"), 49174);
    private const string Key = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";

    private static SessionDescription Reparse(SessionDescription description)
    {
        var result = SessionDescription.Parse(description.ToString());
        Assert.True(result.Success, result.Error);
        return result.Description!;
    }

    private static SessionDescription OfferText(string protocol, params string[] cryptoLines)
    {
        var lines = new List<string>
        {
            "v=0", "o=- 1 1 IN IP4 192.0.2.10", "s=-", "c=IN IP4 192.0.2.10", "t=0 0",
            $"m=audio 49170 {protocol} 0 101", "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000",
        };
        lines.AddRange(cryptoLines.Select(c => "a=crypto:" + c));
        var result = SessionDescription.Parse(string.Join("\r\n", lines) + "\r\n");
        Assert.True(result.Success, result.Error);
        return result.Description!;
    }

    [Fact]
    public void CryptoAttribute_ParsesRfc4568Example_AndWritesItBack()
    {
        string value = $"1 AES_CM_128_HMAC_SHA1_80 inline:{Key}|2^20|1:4 KDR=0";
        Assert.True(SdpCryptoAttribute.TryParse(value, out var crypto, out string? error), error);
        Assert.Equal(1, crypto!.Tag);
        Assert.Equal("AES_CM_128_HMAC_SHA1_80", crypto.SuiteName);
        Assert.Equal(Key, crypto.InlineKey);
        Assert.Equal(1UL << 20, crypto.Lifetime);
        Assert.Equal((1UL, 4), crypto.Mki);
        Assert.Equal("KDR=0", crypto.SessionParameters);
        Assert.Equal(value, crypto.ToString());
        // With an MKI the line is readable but not usable: we send no MKI.
        Assert.False(crypto.TryGetKey(out _, out string? reason));
        Assert.Contains("MKI", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80", "needs a tag")]
    [InlineData("x AES_CM_128_HMAC_SHA1_80 inline:abc", "tag 'x'")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 uri:http://k", "not 'inline:'")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:abc|zz", "neither a lifetime nor an MKI")]
    public void CryptoAttribute_Malformed_IsRefusedWithAReason(string value, string expected)
    {
        Assert.False(SdpCryptoAttribute.TryParse(value, out _, out string? error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void CryptoAttribute_UnknownSuiteAndUnencryptedParameter_AreNotUsable()
    {
        Assert.True(SdpCryptoAttribute.TryParse($"1 AES_256_CM_HMAC_SHA1_80 inline:{Key}", out var crypto, out _));
        Assert.False(crypto!.TryGetKey(out _, out string? reason));
        Assert.Contains("not supported", reason, StringComparison.Ordinal);

        Assert.True(SdpCryptoAttribute.TryParse($"1 AES_CM_128_HMAC_SHA1_32 inline:{Key} UNENCRYPTED_SRTP", out crypto, out _));
        Assert.False(crypto!.TryGetKey(out _, out reason));
        Assert.Contains("UNENCRYPTED_SRTP", reason, StringComparison.Ordinal);

        Assert.True(SdpCryptoAttribute.TryParse($"1 AES_CM_128_HMAC_SHA1_32 inline:{Key}|2^31", out crypto, out _));
        Assert.True(crypto!.TryGetKey(out var key, out reason), reason);
        Assert.Equal(SrtpCryptoSuite.AesCm128HmacSha1_32, key!.Suite);
    }

    [Fact]
    public void RequireOffer_IsSavpWithFreshKeysPerSuite_AndTheAnswerPicksTheFirstWithItsOwnKey()
    {
        var offer = Reparse(SdesCrypto.CreateOffer(SrtpMode.Require, Alice, MediaFormat.Default, 1, 1));
        var other = SdesCrypto.CreateOffer(SrtpMode.Require, Alice, MediaFormat.Default, 1, 1);
        string text = offer.ToString();
        Assert.Contains("m=audio 49170 RTP/SAVP ", text, StringComparison.Ordinal);
        var offered = SdesCrypto.ReadCryptoAttributes(offer.Media[0]);
        Assert.Equal([1, 2], offered.Select(c => c.Tag));
        Assert.Equal(["AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"], offered.Select(c => c.SuiteName));
        Assert.NotEqual(offered[0].InlineKey, offered[1].InlineKey);
        Assert.NotEqual(offered[0].InlineKey, SdesCrypto.ReadCryptoAttributes(other.Media[0])[0].InlineKey);

        var answer = SdesCrypto.CreateAnswer(SrtpMode.Offer, offer, MediaFormat.Default, Bob, 2, 2);

        Assert.True(answer.Success, answer.Error);
        var answerText = Reparse(answer.Answer);
        Assert.Equal("RTP/SAVP", answerText.Media[0].Protocol);
        var answered = Assert.Single(SdesCrypto.ReadCryptoAttributes(answerText.Media[0]));
        Assert.Equal(1, answered.Tag);
        Assert.Equal("AES_CM_128_HMAC_SHA1_80", answered.SuiteName);
        Assert.NotEqual(offered[0].InlineKey, answered.InlineKey);
        Assert.Equal(offered[0].InlineKey, answer.Media.Srtp!.Remote.ToInlineKey());
        Assert.Equal(answered.InlineKey, answer.Media.Srtp.Local.ToInlineKey());
        Assert.Equal("RTP/SAVP", offer.Media[0].Protocol); // the offer is left as it was

        var read = SdesCrypto.ReadAnswer(SrtpMode.Require, offer, answerText);
        Assert.True(read.Success, read.Error);
        Assert.Equal(answer.Media.Srtp.Local.ToInlineKey(), read.Media.Srtp!.Remote.ToInlineKey());
        Assert.Equal(answer.Media.Srtp.Remote.ToInlineKey(), read.Media.Srtp.Local.ToInlineKey());
        Assert.Equal(MediaFormat.Pcmu.EncodingName, read.Media.Codec.EncodingName);
    }

    [Fact]
    public void Answer_SkipsUnsupportedSuites_AndTakesTheFirstSupportedOne()
    {
        var offer = OfferText("RTP/SAVPF", $"1 AES_256_CM_HMAC_SHA1_80 inline:{Key}{Key}", $"2 AES_CM_128_HMAC_SHA1_32 inline:{Key}");

        var answer = SdesCrypto.CreateAnswer(SrtpMode.Require, offer, MediaFormat.Default, Bob, 2, 2);

        Assert.True(answer.Success, answer.Error);
        Assert.Equal("RTP/SAVPF", answer.Answer.Media[0].Protocol);
        var answered = Assert.Single(SdesCrypto.ReadCryptoAttributes(answer.Answer.Media[0]));
        Assert.Equal(2, answered.Tag);
        Assert.Equal(SrtpCryptoSuite.AesCm128HmacSha1_32, answer.Media.Srtp!.Suite);
    }

    [Fact]
    public void SavpOffer_WithoutAcceptableCrypto_IsRejectedWithAReason()
    {
        var offer = OfferText("RTP/SAVP", $"1 AES_256_CM_HMAC_SHA1_80 inline:{Key}{Key}");
        var answer = SdesCrypto.CreateAnswer(SrtpMode.Offer, offer, MediaFormat.Default, Bob, 2, 2);
        Assert.False(answer.Success);
        Assert.Contains("no crypto attribute we accept", answer.Error, StringComparison.Ordinal);
        Assert.Contains("AES_256_CM_HMAC_SHA1_80 is not supported", answer.Error, StringComparison.Ordinal);

        var bare = SdesCrypto.CreateAnswer(SrtpMode.Offer, OfferText("RTP/SAVP"), MediaFormat.Default, Bob, 2, 2);
        Assert.False(bare.Success);
        Assert.Contains("no a=crypto attribute", bare.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void SavpOffer_WithSrtpOff_IsRejected_AndPlainNegotiationDoesNotAnswerIt()
    {
        var offer = OfferText("RTP/SAVP", $"1 AES_CM_128_HMAC_SHA1_80 inline:{Key}");
        var answer = SdesCrypto.CreateAnswer(SrtpMode.Off, offer, MediaFormat.Default, Bob, 2, 2);
        Assert.False(answer.Success);
        Assert.Contains("SRTP is off", answer.Error, StringComparison.Ordinal);
        Assert.False(SdpOfferAnswer.CreateAnswer(offer, MediaFormat.Default, Bob, 2, 2).Success);
    }

    [Fact]
    public void BestEffortOffer_IsAnsweredWithSrtp_OrPlainWhenOff_AndRequireRefusesPlainOffers()
    {
        var offer = OfferText("RTP/AVP", $"7 AES_CM_128_HMAC_SHA1_80 inline:{Key}");

        var secure = SdesCrypto.CreateAnswer(SrtpMode.Offer, offer, MediaFormat.Default, Bob, 2, 2);
        Assert.True(secure.Success, secure.Error);
        Assert.Equal("RTP/AVP", secure.Answer.Media[0].Protocol);
        Assert.Equal(7, Assert.Single(SdesCrypto.ReadCryptoAttributes(secure.Answer.Media[0])).Tag);
        Assert.NotNull(secure.Media.Srtp);

        var plain = SdesCrypto.CreateAnswer(SrtpMode.Off, offer, MediaFormat.Default, Bob, 2, 2);
        Assert.True(plain.Success, plain.Error);
        Assert.Empty(SdesCrypto.ReadCryptoAttributes(plain.Answer.Media[0]));
        Assert.Null(plain.Media.Srtp);

        var required = SdesCrypto.CreateAnswer(SrtpMode.Require, OfferText("RTP/AVP"), MediaFormat.Default, Bob, 2, 2);
        Assert.False(required.Success);
        Assert.Contains("SRTP is required", required.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAnswer_BestEffortDeclined_IsPlain_ButRequiredFails_AndForeignTagsFail()
    {
        var offer = SdesCrypto.CreateOffer(SrtpMode.Offer, Alice, MediaFormat.Default, 1, 1);
        Assert.Equal("RTP/AVP", offer.Media[0].Protocol);
        var plainAnswer = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.Default, Bob, 2, 2).Answer!;

        var declined = SdesCrypto.ReadAnswer(SrtpMode.Offer, offer, plainAnswer);
        Assert.True(declined.Success, declined.Error);
        Assert.Null(declined.Media.Srtp);

        var required = SdesCrypto.ReadAnswer(SrtpMode.Require, offer, plainAnswer);
        Assert.False(required.Success);
        Assert.Contains("without SRTP keys", required.Error, StringComparison.Ordinal);

        plainAnswer.Media[0].Attributes.Add(new SdpAttribute("crypto", $"9 AES_CM_128_HMAC_SHA1_80 inline:{Key}"));
        var foreign = SdesCrypto.ReadAnswer(SrtpMode.Offer, offer, plainAnswer);
        Assert.False(foreign.Success);
        Assert.Contains("tag 9", foreign.Error, StringComparison.Ordinal);
    }
}
