using System.Text;
using EfficientAI.Telephony.Sip.Parsing;
using EfficientAI.Telephony.Sip.Transport;

namespace EfficientAI.Telephony.Sip.Tests.Transport;

/// <summary>RFC 3261 §18.3 framing and RFC 5626 §3.5.1 keep-alives on a stream, without sockets.</summary>
public sealed class SipStreamFramerTests
{
    [Fact]
    public void EveryProperPrefixOfAMessage_NeedsMore_AndTheWholeIsOneMessage()
    {
        var bytes = Encoding.UTF8.GetBytes(StreamMessages.Options(1, StreamMessages.Sdp));

        for (var length = 1; length < bytes.Length; length++)
        {
            var frame = SipStreamFramer.Next(bytes.AsSpan(0, length));
            Assert.True(frame.Kind == StreamFrameKind.NeedMore, $"a prefix of {length} of {bytes.Length} bytes gave {frame.Kind}");
        }

        var whole = SipStreamFramer.Next(bytes);
        Assert.Equal(StreamFrameKind.Message, whole.Kind);
        Assert.Equal(bytes.Length, whole.Consumed);
        Assert.Equal(StreamMessages.Sdp, whole.Result!.Value.Message!.BodyText);
    }

    [Fact]
    public void PartialMessage_NeedsMore_WithoutAllocating()
    {
        var bytes = Encoding.UTF8.GetBytes(StreamMessages.Options(1, StreamMessages.Sdp));
        var partial = bytes.AsMemory(0, bytes.Length - 10);
        SipStreamFramer.Next(partial.Span); // JIT and static initialisation out of the way

        var needMore = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            needMore += SipStreamFramer.Next(partial.Span).Kind == StreamFrameKind.NeedMore ? 1 : 0;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // A body arriving in many segments is re-framed on every read: that must cost no garbage.
        Assert.Equal(100, needMore);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void TwoMessagesInOneBuffer_TheFirstIsCutAtItsContentLength()
    {
        var first = StreamMessages.Options(1, StreamMessages.Sdp);
        var bytes = Encoding.UTF8.GetBytes(first + StreamMessages.Options(2));

        var frame = SipStreamFramer.Next(bytes);

        Assert.Equal(StreamFrameKind.Message, frame.Kind);
        Assert.Equal(Encoding.UTF8.GetByteCount(first), frame.Consumed);
        Assert.Equal("call-1@test", frame.Result!.Value.Message!.CallId);
    }

    [Fact]
    public void DoubleCrlf_IsAPing()
    {
        var frame = SipStreamFramer.Next("\r\n\r\nOPTIONS"u8);

        Assert.Equal(StreamFrameKind.Ping, frame.Kind);
        Assert.Equal(4, frame.Consumed);
    }

    [Fact]
    public void SingleCrlfBeforeAMessage_IsAPong()
    {
        var frame = SipStreamFramer.Next("\r\nOPTIONS"u8);

        Assert.Equal(StreamFrameKind.Pong, frame.Kind);
        Assert.Equal(2, frame.Consumed);
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\r\n")]
    [InlineData("\r\n\r")]
    public void StartOfAPing_NeedsMore(string text)
    {
        Assert.Equal(StreamFrameKind.NeedMore, SipStreamFramer.Next(Encoding.ASCII.GetBytes(text)).Kind);
    }

    [Fact]
    public void MissingContentLength_BreaksTheStream()
    {
        var text = StreamMessages.Options(1).Replace("Content-Length: 0\r\n", "", StringComparison.Ordinal);

        var frame = SipStreamFramer.Next(Encoding.UTF8.GetBytes(text));

        Assert.Equal(StreamFrameKind.Broken, frame.Kind);
        Assert.Contains("Content-Length", frame.Fault, StringComparison.Ordinal);
    }

    [Fact]
    public void ContentLengthBeyondTheLimit_BreaksTheStream()
    {
        var text = StreamMessages.Options(1).Replace("Content-Length: 0", "Content-Length: 70000", StringComparison.Ordinal);

        var frame = SipStreamFramer.Next(Encoding.UTF8.GetBytes(text));

        Assert.Equal(StreamFrameKind.Broken, frame.Kind);
        Assert.Contains("70000", frame.Fault, StringComparison.Ordinal);
    }

    [Fact]
    public void UnfinishedHeadersBeyondTheLimit_BreakTheStream()
    {
        var text = "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\nX-Padding: " + new string('a', SipParser.MaxMessageSize);

        var frame = SipStreamFramer.Next(Encoding.UTF8.GetBytes(text));

        Assert.Equal(StreamFrameKind.Broken, frame.Kind);
    }

    [Fact]
    public void CompleteMessageMissingARequiredHeader_IsStillAMessage_SoItCanBeAnswered400()
    {
        var text = StreamMessages.Options(1).Replace("Call-ID: call-1@test\r\n", "", StringComparison.Ordinal);

        var frame = SipStreamFramer.Next(Encoding.UTF8.GetBytes(text));

        Assert.Equal(StreamFrameKind.Message, frame.Kind);
        Assert.Equal(SipParseStatus.Invalid, frame.Result!.Value.Status);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), frame.Consumed);
    }
}
