using System.Net;
using EfficientAI.Telephony.Media.Sdp;

namespace EfficientAI.Telephony.Media.Tests.Sdp;

public class SdpOfferAnswerTests
{
    private static readonly IPEndPoint Alice = new(IPAddress.Parse("192.0.2.10"), 49170);
    private static readonly IPEndPoint Bob = new(IPAddress.Parse("198.51.100.20"), 49174);

    [Fact]
    public void CreateOffer_ListsTheFormatsInPreferenceOrder_WithRtpmapFmtpPtimeAndDirection()
    {
        var offer = SdpOfferAnswer.CreateOffer(Alice, MediaFormat.Default, sessionId: 42, version: 1);

        Assert.Equal(
            SdpText.Crlf(
                "v=0",
                "o=- 42 1 IN IP4 192.0.2.10",
                "s=-",
                "c=IN IP4 192.0.2.10",
                "t=0 0",
                "m=audio 49170 RTP/AVP 0 8 9 111 101 110",
                "a=rtpmap:0 PCMU/8000",
                "a=rtpmap:8 PCMA/8000",
                "a=rtpmap:9 G722/8000",
                "a=rtpmap:111 opus/48000/2",
                "a=fmtp:111 maxplaybackrate=16000;sprop-maxcapturerate=16000;stereo=0;useinbandfec=1",
                "a=rtpmap:101 telephone-event/8000",
                "a=fmtp:101 0-16",
                "a=rtpmap:110 telephone-event/48000",
                "a=fmtp:110 0-16",
                "a=ptime:20",
                "a=sendrecv",
                "a=rtcp-mux"),
            offer.ToString());
    }

    [Fact]
    public void CreateOffer_OnIPv6_UsesTheIP6AddressType()
    {
        var offer = SdpOfferAnswer.CreateOffer(new IPEndPoint(IPAddress.Parse("2001:db8::10"), 30000), [MediaFormat.Pcmu], 7, 3);

        var text = offer.ToString();
        Assert.Contains("o=- 7 3 IN IP6 2001:db8::10\r\n", text, StringComparison.Ordinal);
        Assert.Contains("c=IN IP6 2001:db8::10\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateOffer_ToPutThePeerOnHold_IsSendOnly()
    {
        var offer = SdpOfferAnswer.CreateOffer(Alice, MediaFormat.Default, 42, 2, direction: MediaDirection.SendOnly);

        Assert.Equal(MediaDirection.SendOnly, offer.Media[0].Direction);
    }

    [Fact]
    public void CreateOffer_RefusesTheUnspecifiedAddress_WhichMeansHold()
    {
        Assert.Throws<ArgumentException>(() => SdpOfferAnswer.CreateOffer(new IPEndPoint(IPAddress.Any, 4000), MediaFormat.Default, 1, 1));
        Assert.Throws<ArgumentException>(() => SdpOfferAnswer.CreateOffer(Alice, [MediaFormat.TelephoneEvent], 1, 1));
        Assert.Throws<ArgumentException>(() => SdpOfferAnswer.CreateOffer(Alice, [MediaFormat.Pcmu, MediaFormat.Pcmu], 1, 1));
    }

    [Fact]
    public void CreateAnswer_Rfc4317Section2_1_AcceptsPcmu_AndRejectsTheVideoWithPortZero()
    {
        // RFC 4317 §2.1 with the host names replaced by documentation addresses (we do not resolve names).
        var offer = Parse(
            "v=0",
            "o=alice 2890844526 2890844526 IN IP4 192.0.2.10",
            "s=",
            "c=IN IP4 192.0.2.10",
            "t=0 0",
            "m=audio 49170 RTP/AVP 0 8 97",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:97 iLBC/8000",
            "m=video 51372 RTP/AVP 31 32",
            "a=rtpmap:31 H261/90000",
            "a=rtpmap:32 MPV/90000");

        var result = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.Default, Bob, sessionId: 2808844564, version: 2808844564);

        Assert.True(result.Success, result.Error);
        Assert.Equal(
            SdpText.Crlf(
                "v=0",
                "o=- 2808844564 2808844564 IN IP4 198.51.100.20",
                "s=-",
                "c=IN IP4 198.51.100.20",
                "t=0 0",
                "m=audio 49174 RTP/AVP 0",
                "a=rtpmap:0 PCMU/8000",
                "a=ptime:20",
                "a=sendrecv",
                "m=video 0 RTP/AVP 31 32"),
            result.Answer.ToString());
        Assert.Equal(
            new NegotiatedMedia(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 49170), MediaFormat.Pcmu, null, 20, MediaDirection.SendRecv),
            result.Media);
    }

    [Fact]
    public void CreateAnswer_PicksTheOfferersFirstPreference_NotOurs()
    {
        var offer = Parse(
            "v=0", "o=- 1 1 IN IP4 192.0.2.10", "s=-", "c=IN IP4 192.0.2.10", "t=0 0",
            "m=audio 49170 RTP/AVP 8 0 101",
            "a=rtpmap:8 PCMA/8000", "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15");

        var result = SdpOfferAnswer.CreateAnswer(offer, [MediaFormat.Pcmu, MediaFormat.Pcma, MediaFormat.TelephoneEvent], Bob, 5, 5);

        Assert.True(result.Success, result.Error);
        Assert.Equal(MediaFormat.Pcma, result.Media.Codec);
        Assert.Equal(["8", "101"], result.Answer.Media[0].Formats);
    }

    [Fact]
    public void CreateAnswer_KeepsTheOfferersPayloadTypeNumbers_ForCodecAndTelephoneEvent()
    {
        var offer = Parse(
            "v=0", "o=- 1 1 IN IP4 192.0.2.10", "s=-", "c=IN IP4 192.0.2.10", "t=0 0",
            "m=audio 49170 RTP/AVP 98 96",
            "a=rtpmap:98 pcmu/8000", "a=rtpmap:96 telephone-event/8000", "a=fmtp:96 0-11");

        var result = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.Default, Bob, 5, 5);

        Assert.True(result.Success, result.Error);
        Assert.Equal(new MediaFormat(98, "PCMU", 8000), result.Media.Codec);
        Assert.Equal(96, result.Media.TelephoneEventPayloadType);
        var audio = result.Answer.Media[0];
        Assert.Equal(["98", "96"], audio.Formats);
        Assert.Equal([new SdpRtpMap(98, "PCMU", 8000), new SdpRtpMap(96, "telephone-event", 8000)], audio.RtpMaps);

        // Our fmtp says which events we receive (RFC 4733 §2.4.1).
        Assert.Equal("0-16", audio.FindFormatParameters("96"));
    }

    [Fact]
    public void CreateAnswer_LeavesTelephoneEventOut_WhenNotOffered()
    {
        var offer = Parse("v=0", "o=- 1 1 IN IP4 192.0.2.10", "s=-", "c=IN IP4 192.0.2.10", "t=0 0", "m=audio 49170 RTP/AVP 0");

        var result = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.Default, Bob, 5, 5);

        Assert.True(result.Success, result.Error);
        Assert.Null(result.Media.TelephoneEventPayloadType);
        Assert.Equal(["0"], result.Answer.Media[0].Formats);
    }

    [Fact]
    public void CreateAnswer_LeavesTelephoneEventOut_WhenItsClockDiffersFromTheCodecs()
    {
        var offer = Parse(
            "v=0", "o=- 1 1 IN IP4 192.0.2.10", "s=-", "c=IN IP4 192.0.2.10", "t=0 0",
            "m=audio 49170 RTP/AVP 0 98", "a=rtpmap:98 telephone-event/48000");

        var result = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.Default, Bob, 5, 5);

        Assert.True(result.Success, result.Error);
        Assert.Null(result.Media.TelephoneEventPayloadType);
    }

    [Fact]
    public void CreateAnswer_WithNoCommonCodec_FailsNamingWhatWasOfferedAndWhatIsSupported()
    {
        var offer = Parse(
            "v=0", "o=- 1 1 IN IP4 192.0.2.10", "s=-", "c=IN IP4 192.0.2.10", "t=0 0",
            "m=audio 49170 RTP/AVP 18 3 96 101",
            "a=rtpmap:18 G729/8000", "a=rtpmap:101 telephone-event/8000");

        var result = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.Default, Bob, 5, 5);

        Assert.False(result.Success);
        Assert.Null(result.Answer);
        Assert.Equal(
            "no common codec: offered G729/8000 (PT 18), GSM/8000 (PT 3), PT 96 (no rtpmap), telephone-event/8000 (PT 101); "
            + "supported PCMU/8000, PCMA/8000, G722/8000, opus/48000, telephone-event/8000, telephone-event/48000",
            result.Error);
    }

    [Theory]
    [InlineData("sendrecv", MediaDirection.SendRecv)]
    [InlineData("sendonly", MediaDirection.RecvOnly)]
    [InlineData("recvonly", MediaDirection.SendOnly)]
    [InlineData("inactive", MediaDirection.Inactive)]
    public void CreateAnswer_AnswersTheOfferedDirection_PerRfc3264Section6_1(string offered, MediaDirection answered)
    {
        var offer = Parse(
            "v=0", "o=- 1 2 IN IP4 192.0.2.10", "s=-", "c=IN IP4 192.0.2.10", "t=0 0",
            "m=audio 49170 RTP/AVP 0", "a=" + offered);

        var result = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.Default, Bob, 5, 6);

        Assert.True(result.Success, result.Error);
        Assert.Equal(answered, result.Media.Direction);
        Assert.Contains("\r\na=" + answered.ToAttributeName() + "\r\n", result.Answer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CreateAnswer_ToASessionLevelHold_IsRecvOnly()
    {
        var offer = Parse(
            "v=0", "o=- 1 2 IN IP4 192.0.2.10", "s=-", "c=IN IP4 192.0.2.10", "t=0 0", "a=sendonly", "m=audio 49170 RTP/AVP 0");

        var result = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.Default, Bob, 5, 6);

        Assert.Equal(MediaDirection.RecvOnly, result.Media!.Direction);
    }

    [Fact]
    public void CreateAnswer_ToTheRfc2543HoldForm_ZeroAddress_DoesNotSend()
    {
        // RFC 3264 §8.4: c=0.0.0.0 is the old way to say "do not send to me" and must still be honoured.
        var offer = Parse("v=0", "o=- 1 2 IN IP4 192.0.2.10", "s=-", "c=IN IP4 0.0.0.0", "t=0 0", "m=audio 49170 RTP/AVP 0");

        var result = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.Default, Bob, 5, 6);

        Assert.True(result.Success, result.Error);
        Assert.Equal(MediaDirection.RecvOnly, result.Media.Direction);
    }

    [Fact]
    public void CreateAnswer_WhenWeHoldTheCall_IntersectsOurDirectionWithTheOffer()
    {
        var offer = Parse("v=0", "o=- 1 2 IN IP4 192.0.2.10", "s=-", "c=IN IP4 192.0.2.10", "t=0 0", "m=audio 49170 RTP/AVP 0");

        var result = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.Default, Bob, 5, 6, localDirection: MediaDirection.SendOnly);

        Assert.Equal(MediaDirection.SendOnly, result.Media!.Direction);
    }

    [Fact]
    public void CreateAnswer_UsesTheMediaLevelConnection_OverTheSessionLevelOne()
    {
        var offer = Parse(
            "v=0", "o=- 1 1 IN IP6 2001:db8::1", "s=-", "c=IN IP4 192.0.2.10", "t=0 0",
            "m=audio 49170 RTP/AVP 0", "c=IN IP6 2001:db8::99");

        var result = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.Default, Bob, 5, 5);

        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::99"), 49170), result.Media!.RemoteRtp);
    }

    [Fact]
    public void CreateAnswer_ToAnOfferWithoutActiveAudio_Fails()
    {
        var offer = Parse(
            "v=0", "o=- 1 1 IN IP4 192.0.2.10", "s=-", "c=IN IP4 192.0.2.10", "t=0 0",
            "m=audio 0 RTP/AVP 0", "m=video 51372 RTP/AVP 31", "m=audio 49170 RTP/SAVP 0");

        var result = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.Default, Bob, 5, 5);

        Assert.False(result.Success);
        Assert.Equal(
            "the offer has no active audio stream over RTP/AVP; offered 'm=audio 0 RTP/AVP', 'm=video 51372 RTP/AVP', 'm=audio 49170 RTP/SAVP'",
            result.Error);
    }

    [Fact]
    public void CreateAnswer_ToADomainNameConnection_FailsSayingNamesAreNotResolved()
    {
        var offer = Parse("v=0", "o=- 1 1 IN IP4 192.0.2.10", "s=-", "c=IN IP4 host.atlanta.example.com", "t=0 0", "m=audio 49170 RTP/AVP 0");

        var result = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.Default, Bob, 5, 5);

        Assert.False(result.Success);
        Assert.Contains("'host.atlanta.example.com' (IP4) is not an IP address literal", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAnswer_TakesCodecTelephoneEventAddressAndPtime_FromTheAnswer()
    {
        var offer = SdpOfferAnswer.CreateOffer(Alice, MediaFormat.Default, 42, 1);
        var answer = Parse(
            "v=0", "o=bob 1 1 IN IP4 198.51.100.20", "s=-", "c=IN IP4 198.51.100.20", "t=0 0",
            "m=audio 49174 RTP/AVP 8 101", "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15", "a=ptime:30");

        var result = SdpOfferAnswer.ReadAnswer(offer, answer);

        Assert.True(result.Success, result.Error);
        Assert.Equal(new NegotiatedMedia(Bob, MediaFormat.Pcma, 101, 30, MediaDirection.SendRecv), result.Media);
    }

    [Theory]
    [InlineData("recvonly", MediaDirection.SendOnly)]
    [InlineData("sendonly", MediaDirection.RecvOnly)]
    [InlineData("inactive", MediaDirection.Inactive)]
    [InlineData("sendrecv", MediaDirection.SendRecv)]
    public void ReadAnswer_OurDirection_IsTheMirrorOfTheAnswers(string answered, MediaDirection ours)
    {
        var offer = SdpOfferAnswer.CreateOffer(Alice, MediaFormat.Default, 42, 1);
        var answer = Parse("v=0", "o=bob 1 1 IN IP4 198.51.100.20", "s=-", "c=IN IP4 198.51.100.20", "t=0 0", "m=audio 49174 RTP/AVP 0", "a=" + answered);

        Assert.Equal(ours, SdpOfferAnswer.ReadAnswer(offer, answer).Media!.Direction);
    }

    [Fact]
    public void ReadAnswer_WithPortZero_FailsAsRejected()
    {
        var offer = SdpOfferAnswer.CreateOffer(Alice, MediaFormat.Default, 42, 1);
        var answer = Parse("v=0", "o=bob 1 1 IN IP4 198.51.100.20", "s=-", "c=IN IP4 198.51.100.20", "t=0 0", "m=audio 0 RTP/AVP 0");

        var result = SdpOfferAnswer.ReadAnswer(offer, answer);

        Assert.False(result.Success);
        Assert.Equal("the answer rejected the audio stream (port 0 on m-line 1)", result.Error);
    }

    [Fact]
    public void ReadAnswer_ChoosingACodecWeDidNotOffer_Fails()
    {
        var offer = SdpOfferAnswer.CreateOffer(Alice, [MediaFormat.Pcmu, MediaFormat.TelephoneEvent], 42, 1);
        var answer = Parse("v=0", "o=bob 1 1 IN IP4 198.51.100.20", "s=-", "c=IN IP4 198.51.100.20", "t=0 0", "m=audio 49174 RTP/AVP 8");

        var result = SdpOfferAnswer.ReadAnswer(offer, answer);

        Assert.False(result.Success);
        Assert.Equal(
            "the answer chose no codec we offered: answered PCMA/8000 (PT 8); offered PCMU/8000 (PT 0), telephone-event/8000 (PT 101)",
            result.Error);
    }

    [Fact]
    public void ReadAnswer_WithoutTheOfferedMediaLine_Fails()
    {
        var offer = SdpOfferAnswer.CreateOffer(Alice, MediaFormat.Default, 42, 1);
        var answer = Parse("v=0", "o=bob 1 1 IN IP4 198.51.100.20", "s=-", "c=IN IP4 198.51.100.20", "t=0 0");

        var result = SdpOfferAnswer.ReadAnswer(offer, answer);

        Assert.False(result.Success);
        Assert.Contains("RFC 3264 §6 requires one answer m-line per offered m-line", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void OfferAndAnswer_BetweenTwoOfOurOwnAgents_AgreeOnCodecEventsAddressesAndRtcpMux()
    {
        var offer = SdpOfferAnswer.CreateOffer(Alice, [MediaFormat.Pcma, MediaFormat.Pcmu, MediaFormat.TelephoneEvent], 42, 1);
        var received = SessionDescription.Parse(offer.ToString()).Description!;

        var answer = SdpOfferAnswer.CreateAnswer(received, MediaFormat.Default, Bob, 77, 1);
        var offerer = SdpOfferAnswer.ReadAnswer(offer, SessionDescription.Parse(answer.Answer!.ToString()).Description!);

        Assert.True(offerer.Success, offerer.Error);
        Assert.Equal(new NegotiatedMedia(Alice, MediaFormat.Pcma, 101, 20, MediaDirection.SendRecv, RtcpMux: true), answer.Media);
        Assert.Equal(new NegotiatedMedia(Bob, MediaFormat.Pcma, 101, 20, MediaDirection.SendRecv, RtcpMux: true), offerer.Media);
    }

    private static SessionDescription Parse(params string[] lines)
    {
        var result = SessionDescription.Parse(SdpText.Crlf(lines));
        Assert.True(result.Success, result.Error);
        return result.Description;
    }
}
