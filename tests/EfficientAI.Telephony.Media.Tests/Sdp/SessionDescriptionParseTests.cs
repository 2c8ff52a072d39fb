using System.Net;
using EfficientAI.Telephony.Media.Sdp;

namespace EfficientAI.Telephony.Media.Tests.Sdp;

public class SessionDescriptionParseTests
{
    /// <summary>The example session description of RFC 8866 §5.</summary>
    private static readonly string Rfc8866Example = SdpText.Crlf(
        "v=0",
        "o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1",
        "s=Call to John Smith",
        "i=SDP Offer #1",
        "u=http://www.jdoe.example.com/home.html",
        "e=Jane Doe <jane@jdoe.example.com>",
        "p=+1 617 555-6011",
        "c=IN IP4 198.51.100.1",
        "t=0 0",
        "m=audio 49170 RTP/AVP 0",
        "m=audio 49180 RTP/AVP 0",
        "m=video 51372 RTP/AVP 99",
        "c=IN IP6 2001:db8::2",
        "a=rtpmap:99 h263-1998/90000");

    [Fact]
    public void Parse_Rfc8866Example_ReadsEverySessionLine()
    {
        var result = SessionDescription.Parse(Rfc8866Example);

        Assert.True(result.Success, result.Error);
        var sdp = result.Description;
        Assert.Equal(new SdpOrigin("jdoe", 3724394400, 3724394405, "IN", "IP4", "198.51.100.1"), sdp.Origin);
        Assert.Equal("Call to John Smith", sdp.SessionName);
        Assert.Equal("SDP Offer #1", sdp.Information);
        Assert.Equal("http://www.jdoe.example.com/home.html", sdp.Uri);
        Assert.Equal(["Jane Doe <jane@jdoe.example.com>"], sdp.Emails);
        Assert.Equal(["+1 617 555-6011"], sdp.Phones);
        Assert.Equal(new SdpConnection("IN", "IP4", "198.51.100.1"), sdp.Connection);
        var timing = Assert.Single(sdp.Timings);
        Assert.Equal(0UL, timing.StartTime);
        Assert.Equal(0UL, timing.StopTime);
    }

    [Fact]
    public void Parse_Rfc8866Example_ReadsEachMediaDescriptionWithItsOwnLines()
    {
        var sdp = SessionDescription.Parse(Rfc8866Example).Description!;

        Assert.Equal(3, sdp.Media.Count);
        Assert.Equal(("audio", 49170, "RTP/AVP"), (sdp.Media[0].Media, sdp.Media[0].Port, sdp.Media[0].Protocol));
        Assert.Equal(["0"], sdp.Media[0].Formats);
        Assert.Null(sdp.Media[0].Connection);
        Assert.Equal(49180, sdp.Media[1].Port);

        var video = sdp.Media[2];
        Assert.Equal("video", video.Media);
        Assert.Equal(new SdpConnection("IN", "IP6", "2001:db8::2"), video.Connection);
        Assert.True(video.Connection!.TryGetIPAddress(out var address));
        Assert.Equal(IPAddress.Parse("2001:db8::2"), address);
        Assert.Equal(new SdpRtpMap(99, "h263-1998", 90000), Assert.Single(video.RtpMaps));
    }

    [Fact]
    public void Write_Rfc8866Example_ReproducesTheTextExactly()
    {
        var sdp = SessionDescription.Parse(Rfc8866Example).Description!;

        Assert.Equal(Rfc8866Example, sdp.ToString());
    }

    [Fact]
    public void Parse_AcceptsBareLineFeeds_AndWritesCrLf()
    {
        var lf = Rfc8866Example.Replace("\r\n", "\n", StringComparison.Ordinal);

        var result = SessionDescription.Parse(lf);

        Assert.True(result.Success, result.Error);
        Assert.Equal(Rfc8866Example, result.Description.ToString());
    }

    [Fact]
    public void Parse_KeepsAttributesItDoesNotModel_InOrder_AndWritesThemBack()
    {
        var text = SdpText.Crlf(
            "v=0",
            "o=- 20518 0 IN IP4 203.0.113.1",
            "s= ",
            "c=IN IP4 203.0.113.1",
            "b=AS:64",
            "t=0 0",
            "a=group:BUNDLE audio",
            "a=tool:example",
            "m=audio 54400 RTP/AVP 0 101",
            "b=TIAS:64000",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-15",
            "a=ptime:20",
            "a=maxptime:40",
            "a=sendrecv",
            "a=rtcp:54401",
            "a=ssrc:1234 cname:host@example",
            "a=x-custom-flag");

        var result = SessionDescription.Parse(text);

        Assert.True(result.Success, result.Error);
        var sdp = result.Description;
        Assert.Equal([new SdpAttribute("group", "BUNDLE audio"), new SdpAttribute("tool", "example")], sdp.Attributes);
        Assert.Equal(new SdpBandwidth("AS", 64), Assert.Single(sdp.Bandwidths));
        var audio = Assert.Single(sdp.Media);
        Assert.Equal(new SdpBandwidth("TIAS", 64000), Assert.Single(audio.Bandwidths));
        Assert.Equal(20, audio.PtimeMs);
        Assert.Equal(40, audio.MaxPtimeMs);
        Assert.Equal(MediaDirection.SendRecv, audio.Direction);
        Assert.Equal("0-15", audio.FindFormatParameters("101"));
        Assert.Equal(
            [new SdpAttribute("rtcp", "54401"), new SdpAttribute("ssrc", "1234 cname:host@example"), new SdpAttribute("x-custom-flag")],
            audio.Attributes);
        Assert.Equal(text, sdp.ToString());
    }

    [Fact]
    public void Parse_Rfc4317Offer_AcceptsAnEmptySessionNameAndADomainNameConnection()
    {
        // RFC 4317 §2.1 as printed: "s=" with nothing, and c= naming a host rather than an address.
        var text = SdpText.Crlf(
            "v=0",
            "o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com",
            "s=",
            "c=IN IP4 host.atlanta.example.com",
            "t=0 0",
            "m=audio 49170 RTP/AVP 0 8 97",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:97 iLBC/8000",
            "m=video 51372 RTP/AVP 31 32",
            "a=rtpmap:31 H261/90000",
            "a=rtpmap:32 MPV/90000");

        var result = SessionDescription.Parse(text);

        Assert.True(result.Success, result.Error);
        var sdp = result.Description;
        Assert.Equal(string.Empty, sdp.SessionName);
        Assert.False(sdp.Connection!.TryGetIPAddress(out _));
        Assert.Equal(
            [MediaFormat.Pcmu, MediaFormat.Pcma, new MediaFormat(97, "iLBC", 8000)],
            sdp.Media[0].ResolveFormats());

        // RFC 8866 §5.3: an empty name is written as a single space.
        Assert.Contains("\r\ns= \r\n", sdp.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveFormats_UsesTheStaticTable_ForPayloadTypesWithoutRtpmap_AndSkipsUnknownDynamicOnes()
    {
        var sdp = SessionDescription.Parse(SdpText.Crlf(
            "v=0",
            "o=- 1 1 IN IP4 192.0.2.1",
            "s=-",
            "c=IN IP4 192.0.2.1",
            "t=0 0",
            "m=audio 5004 RTP/AVP 18 0 96 8 101",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-16")).Description!;

        Assert.Equal(
            [new MediaFormat(18, "G729", 8000), MediaFormat.Pcmu, MediaFormat.Pcma, MediaFormat.TelephoneEvent],
            sdp.Media[0].ResolveFormats());
    }

    [Fact]
    public void EffectiveDirection_IsTheMediaAttribute_ElseTheSessionAttribute_ElseSendRecv()
    {
        var sdp = SessionDescription.Parse(SdpText.Crlf(
            "v=0",
            "o=- 1 1 IN IP4 192.0.2.1",
            "s=-",
            "c=IN IP4 192.0.2.1",
            "t=0 0",
            "a=sendonly",
            "m=audio 5004 RTP/AVP 0",
            "m=audio 5006 RTP/AVP 0",
            "a=inactive")).Description!;

        Assert.Equal(MediaDirection.SendOnly, sdp.Direction);
        Assert.Equal(MediaDirection.SendOnly, sdp.EffectiveDirection(sdp.Media[0]));
        Assert.Equal(MediaDirection.Inactive, sdp.EffectiveDirection(sdp.Media[1]));

        sdp.Direction = null;
        Assert.Equal(MediaDirection.SendRecv, sdp.EffectiveDirection(sdp.Media[0]));
    }

    [Fact]
    public void Parse_ReadsAFractionalPtime_AsWholeMilliseconds()
    {
        var sdp = SessionDescription.Parse(SdpText.Crlf(
            "v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "t=0 0", "m=audio 5004 RTP/AVP 0", "a=ptime:20.0")).Description!;

        Assert.Equal(20, sdp.Media[0].PtimeMs);
    }

    [Fact]
    public void Parse_ReadsRepeatTimes_UnderTheirTiming()
    {
        var text = SdpText.Crlf(
            "v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=Seminar", "t=3034423619 3042462419", "r=604800 3600 0 90000", "z=2882844526 -1h 2898848070 0");

        var sdp = SessionDescription.Parse(text).Description!;

        var timing = Assert.Single(sdp.Timings);
        Assert.Equal(3034423619UL, timing.StartTime);
        Assert.Equal(["604800 3600 0 90000"], timing.RepeatTimes);
        Assert.Equal("2882844526 -1h 2898848070 0", sdp.TimeZones);
        Assert.Equal(text, sdp.ToString());
    }

    [Theory]
    [InlineData("", 0, "empty session description")]
    [InlineData("v=1", 1, "unsupported protocol version '1'")]
    [InlineData("o=- 1 1 IN IP4 192.0.2.1", 1, "starts with 'v=0'")]
    [InlineData("v=0|s=-", 2, "expected the 'o=' line")]
    [InlineData("v=0|o=- 1 1 IN IP4", 2, "expected '<username> <sess-id>")]
    [InlineData("v=0|o=- abc 1 IN IP4 192.0.2.1", 2, "session id 'abc' is not a decimal number")]
    [InlineData("v=0|o=- 1 1 IN IP4 192.0.2.1|s=-|hello", 4, "expected '<type>=<value>'")]
    [InlineData("v=0|o=- 1 1 IN IP4 192.0.2.1|s=-|x=1", 4, "unknown line type 'x='")]
    [InlineData("v=0|o=- 1 1 IN IP4 192.0.2.1|s=-|c=IN IP4", 4, "expected '<nettype> <addrtype> <connection-address>'")]
    [InlineData("v=0|o=- 1 1 IN IP4 192.0.2.1|s=-|c=IN IP4 999.1.2.3", 4, "'999.1.2.3' is not a valid IP4 address")]
    [InlineData("v=0|o=- 1 1 IN IP4 192.0.2.1|s=-|c=IN IP4 2001:db8::1", 4, "is not a valid IP4 address")]
    [InlineData("v=0|o=- 1 1 IN IP4 192.0.2.1|s=-|c=IN IPX 192.0.2.1", 4, "address type 'IPX'")]
    [InlineData("v=0|o=- 1 1 IN IP4 192.0.2.1|s=-|t=now 0", 4, "expected '<start-time> <stop-time>'")]
    [InlineData("v=0|o=- 1 1 IN IP4 192.0.2.1|s=-|b=AS", 4, "expected '<bwtype>:<bandwidth>'")]
    [InlineData("v=0|o=- 1 1 IN IP4 192.0.2.1|s=-|t=0 0|m=audio", 5, "expected '<media> <port>")]
    [InlineData("v=0|o=- 1 1 IN IP4 192.0.2.1|s=-|t=0 0|m=audio abc RTP/AVP 0", 5, "port 'abc' is not a number")]
    [InlineData("v=0|o=- 1 1 IN IP4 192.0.2.1|s=-|t=0 0|m=audio 70000 RTP/AVP 0", 5, "port '70000'")]
    [InlineData("v=0|o=- 1 1 IN IP4 192.0.2.1|s=-|t=0 0|m=audio 5004 RTP/AVP 0 PCMU", 5, "format 'PCMU' is not an RTP payload type")]
    [InlineData("v=0|o=- 1 1 IN IP4 192.0.2.1|s=-|t=0 0|m=audio 5004 RTP/AVP 0|a=rtpmap:x PCMU/8000", 6, "'a=rtpmap:x PCMU/8000'")]
    [InlineData("v=0|o=- 1 1 IN IP4 192.0.2.1|s=-|t=0 0|m=audio 5004 RTP/AVP 0|a=rtpmap:0 PCMU", 6, "<clock rate>")]
    [InlineData("v=0|o=- 1 1 IN IP4 192.0.2.1|s=-|t=0 0|m=audio 5004 RTP/AVP 0|a=ptime:fast", 6, "'a=ptime:fast'")]
    [InlineData("v=0|o=- 1 1 IN IP4 192.0.2.1|s=-|t=0 0|m=audio 5004 RTP/AVP 0|t=0 0", 6, "session-level line")]
    [InlineData("v=0|o=- 1 1 IN IP4 192.0.2.1|s=-|r=7d 1h 0 25h", 4, "must follow the 't=' line")]
    [InlineData("v=0|o=- 1 1 IN IP4 192.0.2.1|s=-|s=again", 4, "a second 's=' line")]
    public void Parse_MalformedLine_IsAnErrorNamingTheLineAndTheReason(string lines, int lineNumber, string reason)
    {
        var text = lines.Length == 0 ? string.Empty : SdpText.Crlf(lines.Split('|'));

        var result = SessionDescription.Parse(text);

        Assert.False(result.Success);
        Assert.Null(result.Description);
        Assert.Equal(lineNumber, result.LineNumber);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        if (lineNumber > 0)
        {
            Assert.StartsWith($"line {lineNumber}: ", result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_MissingOriginAfterVersion_IsAnError()
    {
        var result = SessionDescription.Parse("v=0\r\n");

        Assert.False(result.Success);
        Assert.Contains("missing the 'o=' line", result.Error, StringComparison.Ordinal);
    }
}
