using System.Net;
using EfficientAI.Telephony.Media.Sdp;

namespace EfficientAI.Telephony.Media.Tests.Sdp;

/// <summary>Offer/answer with G.722 and Opus (RFC 3551 §4.5.2, RFC 7587 §7).</summary>
public sealed class WidebandOfferAnswerTests
{
    private static readonly IPEndPoint Alice = new(IPAddress.Parse("192.0.2.10"), 49170);
    private static readonly IPEndPoint Bob = new(IPAddress.Parse("198.51.100.20"), 49174);

    [Fact]
    public void The_answer_takes_G722_when_the_offer_prefers_it()
    {
        var offer = Parse(
            "m=audio 49170 RTP/AVP 9 0 101",
            "a=rtpmap:9 G722/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15");

        var result = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.Default, Bob, 5, 5);

        Assert.True(result.Success, result.Error);
        Assert.Equal(new MediaFormat(9, "G722", 8000), result.Media.Codec);
        Assert.Equal(101, result.Media.TelephoneEventPayloadType);
        string text = result.Answer.ToString();
        Assert.Contains("m=audio 49174 RTP/AVP 9 101\r\n", text, StringComparison.Ordinal);
        Assert.Contains("a=rtpmap:9 G722/8000\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_answer_follows_the_offerers_order_so_G711_first_stays_G711()
    {
        var offer = Parse("m=audio 49170 RTP/AVP 0 9", "a=rtpmap:9 G722/8000");
        var result = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.WidebandFirst, Bob, 5, 5);
        Assert.True(result.Success, result.Error);
        Assert.Equal("PCMU", result.Media.Codec.EncodingName);
    }

    [Fact]
    public void Opus_is_answered_as_opus_48000_2_with_our_fmtp_while_we_send_by_the_offerers()
    {
        var offer = Parse(
            "m=audio 49170 RTP/AVP 96 0 97",
            "a=rtpmap:96 OPUS/48000/2",
            "a=fmtp:96 maxplaybackrate=24000;useinbandfec=1;stereo=0",
            "a=rtpmap:97 telephone-event/48000",
            "a=fmtp:97 0-16");

        var result = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.Default, Bob, 5, 5);

        Assert.True(result.Success, result.Error);
        Assert.Equal(new MediaFormat(96, "opus", 48000, "maxplaybackrate=24000;useinbandfec=1;stereo=0"), result.Media.Codec);
        Assert.Equal(97, result.Media.TelephoneEventPayloadType);
        string text = result.Answer.ToString();
        Assert.Contains("a=rtpmap:96 opus/48000/2\r\n", text, StringComparison.Ordinal);
        Assert.Contains("a=fmtp:96 maxplaybackrate=16000;sprop-maxcapturerate=16000;stereo=0;useinbandfec=1\r\n", text, StringComparison.Ordinal);
        Assert.Contains("a=rtpmap:97 telephone-event/48000\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Telephone_event_at_8000_is_not_paired_with_opus()
    {
        var offer = Parse("m=audio 49170 RTP/AVP 111 101", "a=rtpmap:111 opus/48000/2", "a=rtpmap:101 telephone-event/8000");
        var result = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.Default, Bob, 5, 5);
        Assert.True(result.Success, result.Error);
        Assert.Null(result.Media.TelephoneEventPayloadType);
    }

    [Fact]
    public void A_bad_opus_fmtp_fails_the_answer_with_a_clear_reason()
    {
        var offer = Parse("m=audio 49170 RTP/AVP 111", "a=rtpmap:111 opus/48000/2", "a=fmtp:111 useinbandfec=yes");
        var result = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.Default, Bob, 5, 5);
        Assert.False(result.Success);
        Assert.Contains("useinbandfec", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_G711_supported_and_only_wideband_offered_is_no_common_codec()
    {
        var offer = Parse("m=audio 49170 RTP/AVP 9 111", "a=rtpmap:9 G722/8000", "a=rtpmap:111 opus/48000/2");
        var result = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.NarrowbandOnly, Bob, 5, 5);
        Assert.False(result.Success);
        Assert.StartsWith("no common codec: offered G722/8000 (PT 9), opus/48000 (PT 111)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_offer_with_wideband_first_round_trips_to_opus_through_our_own_answerer()
    {
        var offer = SdpOfferAnswer.CreateOffer(Alice, [MediaFormat.Opus, MediaFormat.Pcmu, MediaFormat.TelephoneEvent48k], 1, 1);
        var reparsed = SessionDescription.Parse(offer.ToString());
        Assert.True(reparsed.Success, reparsed.Error);

        var answer = SdpOfferAnswer.CreateAnswer(reparsed.Description, MediaFormat.Default, Bob, 2, 2);
        Assert.True(answer.Success, answer.Error);
        var read = SdpOfferAnswer.ReadAnswer(offer, SessionDescription.Parse(answer.Answer.ToString()).Description!);

        Assert.True(read.Success, read.Error);
        Assert.Equal("opus", read.Media.Codec.EncodingName);
        Assert.Equal(48000, read.Media.Codec.ClockRate);
        Assert.Equal(110, read.Media.TelephoneEventPayloadType);
        Assert.Contains("useinbandfec=1", read.Media.Codec.Fmtp, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, 20)]
    [InlineData("a=ptime:30", null, 30)]
    [InlineData("a=ptime:30", "a=maxptime:20", 20)]
    [InlineData(null, "a=maxptime:10", 10)]
    public void The_peers_ptime_is_capped_by_its_maxptime(string? ptime, string? maxptime, int expected)
    {
        string[] lines = ["m=audio 49170 RTP/AVP 9", .. ptime is null ? Array.Empty<string>() : [ptime], .. maxptime is null ? Array.Empty<string>() : [maxptime]];
        var result = SdpOfferAnswer.CreateAnswer(Parse(lines), MediaFormat.Default, Bob, 5, 5);
        Assert.True(result.Success, result.Error);
        Assert.Equal(expected, result.Media.PtimeMs);
    }

    private static SessionDescription Parse(params string[] mediaLines)
    {
        string[] lines = ["v=0", "o=- 1 1 IN IP4 192.0.2.10", "s=-", "c=IN IP4 192.0.2.10", "t=0 0", .. mediaLines];
        var result = SessionDescription.Parse(SdpText.Crlf(lines));
        Assert.True(result.Success, result.Error);
        return result.Description;
    }
}
