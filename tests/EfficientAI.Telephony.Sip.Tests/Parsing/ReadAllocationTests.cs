using System.Runtime.CompilerServices;
using System.Text;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Parsing;

namespace EfficientAI.Telephony.Sip.Tests.Parsing;

/// <summary>
/// The allocation bound of the received-message path (the speed is the benchmark's business): reading a typical message
/// whose bytes are handed over allocates the message object and nothing else, validation included.
/// </summary>
public class ReadAllocationTests
{
    /// <summary>The INVITE of SipParserBenchmarks.</summary>
    private static readonly byte[] Invite = Encoding.ASCII.GetBytes(
        "INVITE sip:agent@127.0.0.1:5080 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK776asdhds;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: <sip:agent@127.0.0.1:5080>\r\n" +
        "From: \"Caller\" <sip:caller@127.0.0.1>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@127.0.0.1\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:caller@127.0.0.1:5062>\r\n" +
        "Allow: INVITE, ACK, BYE, CANCEL, OPTIONS\r\n" +
        "User-Agent: EfficientAI.Telephony/0.1\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 183\r\n\r\n" +
        "v=0\r\no=- 12345 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 20000 RTP/AVP 0 8 101\r\n" +
        "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n");

    private static readonly byte[] Ok = Encoding.ASCII.GetBytes(
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK776asdhds;rport=5062;received=127.0.0.1\r\n" +
        "To: <sip:agent@127.0.0.1:5080>;tag=a6c85cf\r\n" +
        "From: \"Caller\" <sip:caller@127.0.0.1>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@127.0.0.1\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:agent@127.0.0.1:5080>\r\n" +
        "Content-Length: 0\r\n\r\n");

    /// <summary>Room for what the runtime itself may allocate around the measured call; far below one header string.</summary>
    private const long Slack = 32;

    [Fact]
    public void ReadingTheBenchmarkInvite_AllocatesOnlyTheMessage()
    {
        var allocated = AllocatedBytes(Invite);

        Assert.InRange(allocated, 1, ObjectSize<SipRequest>() + Slack);
    }

    [Fact]
    public void ReadingA200Ok_AllocatesOnlyTheMessage()
    {
        var allocated = AllocatedBytes(Ok);

        Assert.InRange(allocated, 1, ObjectSize<SipResponse>() + Slack);
    }

    [Fact]
    public void ReadingFromASpan_AddsOnlyTheCopyOfTheBytes()
    {
        // The span overload cannot keep the caller's buffer, so it copies the message once into an array of its own.
        Read(Invite.AsSpan());
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = SipMessageReader.Read(Invite.AsSpan());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(result.Success, result.Error?.ToString());
        Assert.InRange(allocated, 1, ObjectSize<SipRequest>() + Invite.Length + 32 + Slack);
    }

    private static long AllocatedBytes(byte[] message)
    {
        ReadOnlyMemory<byte> bytes = message;
        // Warm up: static tables, the JIT and tiering allocate on first use, never again.
        for (var i = 0; i < 3; i++)
        {
            Assert.True(SipMessageReader.Read(bytes).Success);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = SipMessageReader.Read(bytes);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(result.Success, result.Error?.ToString());
        return allocated;
    }

    private static void Read(ReadOnlySpan<byte> message) => Assert.True(SipMessageReader.Read(message).Success);

    /// <summary>The size of one instance, measured the same way: allocating an uninitialised one.</summary>
    private static long ObjectSize<T>()
    {
        RuntimeHelpers.GetUninitializedObject(typeof(T));
        var before = GC.GetAllocatedBytesForCurrentThread();
        RuntimeHelpers.GetUninitializedObject(typeof(T));
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
