using System.Text;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Parsing;

namespace EfficientAI.Telephony.Sip.Tests.Parsing;

/// <summary>How a stream transport (TCP, TLS) is cut into messages (RFC 3261 §18.3): Content-Length is the frame.</summary>
public class StreamFramingTests
{
    private static readonly byte[] Invite = Encoding.UTF8.GetBytes(Rfc3261Examples.InviteF1);
    private static readonly byte[] Bye = Encoding.UTF8.GetBytes(Rfc3261Examples.ByeF13);

    public static TheoryData<int> CutPoints()
    {
        var headerEnd = Rfc3261Examples.InviteF1.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return new TheoryData<int>(1, 20, 34, 35, 36, 100, headerEnd, headerEnd + 2, headerEnd + 4, Invite.Length - 1);
    }

    [Theory]
    [MemberData(nameof(CutPoints))]
    public void PartialMessage_NeedsMore_AndConsumesNothing(int length)
    {
        var result = SipMessageReader.Read(Invite.AsSpan(0, length), datagram: false);

        Assert.Equal(SipParseStatus.NeedMore, result.Status);
        Assert.Null(result.Message);
        Assert.Null(result.Error);
        Assert.Equal(0, result.Consumed);
    }

    [Fact]
    public void CompleteMessage_IsRead_AndConsumedExactly()
    {
        var result = SipMessageReader.Read(Invite, datagram: false);

        Assert.True(result.Success);
        Assert.Equal(Invite.Length, result.Consumed);
        Assert.Equal(Rfc3261Examples.AliceSdp, result.Message.BodyText);
    }

    [Fact]
    public void MissingContentLength_IsInvalid_NamingContentLength()
    {
        var bytes = Encoding.UTF8.GetBytes(Rfc3261Examples.ByeF13.Replace("Content-Length: 0\r\n", "", StringComparison.Ordinal));

        var result = SipMessageReader.Read(bytes, datagram: false);

        Assert.Equal(SipParseStatus.Invalid, result.Status);
        Assert.Equal(HeaderNames.ContentLength, result.Error!.Header);
    }

    [Fact]
    public void TwoMessagesBackToBack_AreReadOneAtATime()
    {
        var stream = Invite.Concat(Bye).ToArray();

        var first = SipMessageReader.Read(stream, datagram: false);
        var second = SipMessageReader.Read(stream.AsSpan(first.Consumed), datagram: false);

        Assert.True(first.Success);
        Assert.Equal(SipMethods.Invite, ((SipRequest)first.Message).Method);
        Assert.Equal(Invite.Length, first.Consumed);
        Assert.Equal(Rfc3261Examples.AliceSdp, first.Message.BodyText);
        Assert.True(second.Success);
        Assert.Equal(SipMethods.Bye, ((SipRequest)second.Message).Method);
        Assert.Equal(Bye.Length, second.Consumed);
    }

    [Fact]
    public void SecondMessageArrivingInPieces_NeedsMoreUntilComplete()
    {
        var stream = Invite.Concat(Bye.AsSpan(0, 40).ToArray()).ToArray();

        var first = SipMessageReader.Read(stream, datagram: false);
        var second = SipMessageReader.Read(stream.AsSpan(first.Consumed), datagram: false);

        Assert.True(first.Success);
        Assert.Equal(SipParseStatus.NeedMore, second.Status);
    }

    [Fact]
    public void KeepAliveCrlfs_BeforeAMessage_AreConsumedWithIt()
    {
        var stream = Encoding.ASCII.GetBytes("\r\n\r\n").Concat(Bye).ToArray();

        var result = SipMessageReader.Read(stream, datagram: false);

        Assert.True(result.Success);
        Assert.Equal(stream.Length, result.Consumed);
    }

    [Fact]
    public void OnlyKeepAliveCrlfs_NeedMore_AndAreConsumed()
    {
        // RFC 5626 §3.5.1: a CRLFCRLF ping on a stream is not a message; the reader may drop those bytes.
        var result = SipMessageReader.Read("\r\n\r\n"u8, datagram: false);

        Assert.Equal(SipParseStatus.NeedMore, result.Status);
        Assert.Equal(4, result.Consumed);
    }
}
