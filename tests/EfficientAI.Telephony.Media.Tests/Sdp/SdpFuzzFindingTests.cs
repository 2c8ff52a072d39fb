using EfficientAI.Telephony.Media.Sdp;

namespace EfficientAI.Telephony.Media.Tests.Sdp;

/// <summary>Inputs the fuzz tests (tests/EfficientAI.Telephony.Fuzz.Tests) found, kept with their exact text.</summary>
public class SdpFuzzFindingTests
{
    [Fact]
    public void Fmtp_WithoutAFormat_IsRejected_RatherThanWrittenBackWithOneMoreSpaceEachTime()
    {
        // sdp-mutation, seed eGclwoqPAz42: "a=fmtp: " was kept as format " ", written back as "a=fmtp:  " and read
        // again as format "  ": the description changed on every round trip. RFC 8866 §6.15: a=fmtp:<format> <parameters>.
        const string text =
            "v=0\r\no=bob 2808844564 2808844564 IN IP6 2001:db8::2\r\ns=call\r\ni=info\r\nu=http://example.com\r\n" +
            "e=a@example.com\r\np=+1 555\r\nc=IN IP6 2001:db8::2/127\r\nb=AS:64\r\nt=3034423619 3042462419\r\n" +
            "r=7d 1h 0 25h\r\nz=2882844526 -1h 2898848070 0\r\nk=prompt\r\na=recvonly\r\nm=audio 0 RTP/AVP 8\r\n" +
            "m=audio 5004/2 RTP/SAVP 0 8 96\r\nb=CT:128\r\na=rtpmap:96 opus/48000/2\r\na=fmtp: \r\n";

        var result = SessionDescription.Parse(text);

        Assert.False(result.Success);
        Assert.Equal(19, result.LineNumber);
        Assert.Contains("fmtp", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Fmtp_WithAFormatAndNoParameters_StillReads_AndWritesBackStably()
    {
        var text = SdpText.Crlf("v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0", "m=audio 4000 RTP/AVP 101", "a=fmtp:101");

        var first = SessionDescription.Parse(text);
        var written = first.Description!.ToString();

        Assert.Equal(written, SessionDescription.Parse(written).Description!.ToString());
    }
}
