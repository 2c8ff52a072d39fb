using System.Net;
using EfficientAI.Telephony.Media.Sdp;
using EfficientAI.Telephony.Media.Tests.Sdp;

namespace EfficientAI.Telephony.Media.Tests.Rtcp;

/// <summary>Where RTCP goes, as settled by offer/answer: RFC 5761 rtcp-mux, RFC 3605 a=rtcp, else RTP port + 1.</summary>
public class RtcpSdpTests
{
    private static readonly IPEndPoint Alice = new(IPAddress.Parse("192.0.2.10"), 49170);
    private static readonly IPEndPoint Bob = new(IPAddress.Parse("198.51.100.20"), 49174);

    [Fact]
    public void Answer_ToAnOfferWithRtcpMux_RepeatsIt_AndMultiplexes()
    {
        var offer = SdpOfferAnswer.CreateOffer(Alice, MediaFormat.Default, 1, 1);

        var result = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.Default, Bob, 2, 2);

        Assert.True(result.Success, result.Error);
        Assert.Contains("a=rtcp-mux\r\n", result.Answer.ToString(), StringComparison.Ordinal);
        Assert.True(result.Media!.RtcpMux);
        Assert.Equal(Alice, result.Media.RtcpEndPoint);
    }

    [Fact]
    public void Answer_ToAnOfferWithoutRtcpMux_SendsRtcpToTheRtpPortPlusOne()
    {
        var offer = SdpOfferAnswer.CreateOffer(Alice, MediaFormat.Default, 1, 1, rtcpMux: false);

        var result = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.Default, Bob, 2, 2);

        Assert.DoesNotContain("rtcp-mux", result.Answer!.ToString(), StringComparison.Ordinal);
        Assert.False(result.Media!.RtcpMux);
        Assert.Equal(new IPEndPoint(Alice.Address, Alice.Port + 1), result.Media.RtcpEndPoint);
    }

    [Fact]
    public void ReadAnswer_WithoutTheMuxAttribute_DoesNotMultiplex_EvenThoughWeOfferedIt()
    {
        var offer = SdpOfferAnswer.CreateOffer(Alice, MediaFormat.Default, 1, 1);
        var answer = Parse(
            "v=0",
            "o=- 2 2 IN IP4 198.51.100.20",
            "s=-",
            "c=IN IP4 198.51.100.20",
            "t=0 0",
            "m=audio 49174 RTP/AVP 0",
            "a=sendrecv");

        var result = SdpOfferAnswer.ReadAnswer(offer, answer);

        Assert.True(result.Success, result.Error);
        Assert.False(result.Media!.RtcpMux);
        Assert.Equal(new IPEndPoint(Bob.Address, 49175), result.Media.RtcpEndPoint);
    }

    [Fact]
    public void ReadAnswer_WithRfc3605RtcpAttribute_SendsRtcpWhereItSays()
    {
        var offer = SdpOfferAnswer.CreateOffer(Alice, MediaFormat.Default, 1, 1, rtcpMux: false);

        // RFC 3605 §2.1's example form: a port and, optionally, an address of its own.
        var answer = Parse(
            "v=0",
            "o=- 2 2 IN IP4 198.51.100.20",
            "s=-",
            "c=IN IP4 198.51.100.20",
            "t=0 0",
            "m=audio 49174 RTP/AVP 0",
            "a=rtcp:53020 IN IP4 198.51.100.21");

        var result = SdpOfferAnswer.ReadAnswer(offer, answer);

        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.21"), 53020), result.Media!.RtcpEndPoint);
    }

    [Fact]
    public void ReadAnswer_WithMuxOnBothSides_Multiplexes()
    {
        var offer = SdpOfferAnswer.CreateOffer(Alice, MediaFormat.Default, 1, 1);
        var answer = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.Default, Bob, 2, 2).Answer!;

        var result = SdpOfferAnswer.ReadAnswer(offer, Parse(answer.ToString().TrimEnd().Split("\r\n")));

        Assert.True(result.Media!.RtcpMux);
        Assert.Equal(Bob, result.Media.RtcpEndPoint);
    }

    private static SessionDescription Parse(params string[] lines)
    {
        var result = SessionDescription.Parse(SdpText.Crlf(lines));
        Assert.True(result.Success, result.Error);
        return result.Description!;
    }
}
