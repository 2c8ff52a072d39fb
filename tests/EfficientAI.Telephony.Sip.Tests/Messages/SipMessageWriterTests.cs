using System.Buffers;
using System.Text;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Parsing;
using EfficientAI.Telephony.Sip.Tests.Parsing;
using EfficientAI.Telephony.Sip.Tests.Torture;

namespace EfficientAI.Telephony.Sip.Tests.Messages;

/// <summary>Writing a message: what is read back is what was written, and Content-Length is always the truth.</summary>
public class SipMessageWriterTests
{
    public static TheoryData<string> RoundTripMessages() => new(
        Rfc3261Examples.RegisterF1,
        Rfc3261Examples.RegisterOkF2,
        Rfc3261Examples.InviteF5,
        Rfc3261Examples.RingingF6,
        Rfc3261Examples.OkF9,
        Rfc3261Examples.AckF12,
        Rfc3261Examples.ByeF13);

    [Theory]
    [MemberData(nameof(RoundTripMessages))]
    public void ParseWriteParse_PreservesStartLineHeadersAndBody(string text)
    {
        var first = SipText.Valid(text);

        var second = SipMessageReader.Read(first.ToBytes());

        Assert.True(second.Success, second.Error?.ToString());
        Assert.Equal(StartLine(first), StartLine(second.Message));
        Assert.Equal(WithoutContentLength(first), WithoutContentLength(second.Message));
        Assert.Equal(first.Body.ToArray(), second.Message.Body.ToArray());
    }

    [Theory]
    [InlineData("wsinv")]
    [InlineData("intmeth")]
    [InlineData("esc01")]
    [InlineData("longreq")]
    [InlineData("mpart01")]
    [InlineData("unreason")]
    public void TortureMessages_SurviveAParseWriteParseRoundTrip(string name)
    {
        var first = SipMessageReader.Read(SharedCorpora.Rfc4475(name)).Message!;

        var second = SipMessageReader.Read(first.ToBytes());

        Assert.True(second.Success, second.Error?.ToString());
        Assert.Equal(StartLine(first), StartLine(second.Message));
        Assert.Equal(WithoutContentLength(first), WithoutContentLength(second.Message));
        Assert.Equal(first.Body.ToArray(), second.Message.Body.ToArray());
    }

    [Theory]
    [InlineData(Rfc3261Examples.RegisterF1)]
    [InlineData(Rfc3261Examples.InviteF1)]
    [InlineData(Rfc3261Examples.AckF12)]
    [InlineData(Rfc3261Examples.OkF14)]
    public void UnfoldedRfcMessage_IsWrittenBackByteForByte(string text)
    {
        // These RFC messages already use the writer's layout: "Name: value" CRLF, Content-Length last.
        Assert.Equal(text, Encoding.UTF8.GetString(SipText.Valid(text).ToBytes()));
    }

    [Fact]
    public void FoldedHeader_IsWrittenOnOneLine()
    {
        var written = Encoding.UTF8.GetString(SipText.Valid(Rfc3261Examples.TryingF2).ToBytes());

        Assert.Contains("Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8 ;received=192.0.2.1\r\n", written, StringComparison.Ordinal);
    }

    [Fact]
    public void CompactHeaderNames_AreWrittenInTheirLongForm()
    {
        var written = Encoding.UTF8.GetString(SipMessageReader.Read(SharedCorpora.Rfc4475("esc01")).Message!.ToBytes());

        Assert.Contains("\r\nCall-ID: esc01.239409asdfakjkn23onasd0-3234\r\n", written, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Type: application/sdp\r\n", written, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\ni:", written, StringComparison.Ordinal);
    }

    [Fact]
    public void ContentLength_IsRewrittenToTheRealBodyLength()
    {
        var invite = SipText.Request(Rfc3261Examples.InviteF1);
        invite.Body = Encoding.UTF8.GetBytes("v=0\r\n");

        var written = Encoding.UTF8.GetString(invite.ToBytes());

        Assert.Contains("\r\nContent-Length: 5\r\n\r\nv=0\r\n", written, StringComparison.Ordinal);
        Assert.Single(written.Split("\r\n"), l => l.StartsWith("Content-Length", StringComparison.Ordinal));
        Assert.DoesNotContain("142", written, StringComparison.Ordinal);
    }

    [Fact]
    public void ContentLength_IsWrittenEvenWhenTheModelHasNone()
    {
        var options = new SipRequest(SipMethods.Options, SipUri.Parse("sip:bob@biloxi.com"));
        options.Headers.Add(HeaderNames.Via, "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKhjhs8ass877");
        options.Headers.Add(HeaderNames.MaxForwards, "70");
        options.Headers.Add(HeaderNames.To, "<sip:bob@biloxi.com>");
        options.Headers.Add(HeaderNames.From, "Alice <sip:alice@atlanta.com>;tag=1928301774");
        options.Headers.Add(HeaderNames.CallId, "a84b4c76e66710");
        options.Headers.Add(HeaderNames.CSeq, "63104 OPTIONS");

        var expected =
            "OPTIONS sip:bob@biloxi.com SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKhjhs8ass877\r\n" +
            "Max-Forwards: 70\r\n" +
            "To: <sip:bob@biloxi.com>\r\n" +
            "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
            "Call-ID: a84b4c76e66710\r\n" +
            "CSeq: 63104 OPTIONS\r\n" +
            "Content-Length: 0\r\n" +
            "\r\n";
        Assert.Equal(expected, options.ToString());
    }

    [Fact]
    public void WriteTo_AnyBufferWriter_ProducesTheSameBytesAsToBytes()
    {
        var ok = SipText.Response(Rfc3261Examples.OkF9);
        var writer = new ArrayBufferWriter<byte>(16);

        ok.WriteTo(writer);

        Assert.Equal(ok.ToBytes(), writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Utf8BodyAndReason_AreWrittenAsUtf8Bytes()
    {
        var response = new SipResponse(480, "Nicht verfügbar") { Body = Encoding.UTF8.GetBytes("Grüße") };
        foreach (var line in Rfc3261Examples.OkF14.Split("\r\n").Skip(1).TakeWhile(l => l.Length > 0 && !l.StartsWith("Content-Length", StringComparison.Ordinal)))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            response.Headers.Add(line[..colon], line[(colon + 2)..]);
        }

        var again = SipText.Response(Encoding.UTF8.GetString(response.ToBytes()));

        Assert.Equal("Nicht verfügbar", again.ReasonPhrase);
        Assert.Equal("Grüße", again.BodyText);
        Assert.Equal(7, again.Body.Length);
    }

    [Theory]
    [InlineData("wsinv")]
    [InlineData("esc01")]
    [InlineData("longreq")]
    [InlineData("unreason")]
    public void WriteTo_AWriterHandingOutSmallSpans_ProducesTheSameBytes(string name)
    {
        // UTF-8 is written piece by piece into whatever span the writer gives; a multi-byte character never straddles two.
        var message = SipMessageReader.Read(SharedCorpora.Rfc4475(name)).Message!;
        message.Headers.Add("Subject", "Grüße aus Köln — 東京");
        var writer = new StingyWriter();

        message.WriteTo(writer);

        Assert.Equal(message.ToBytes(), writer.Written.ToArray());
    }

    [Fact]
    public void WriteTo_AReceivedMessage_AsReadAndOnceMaterialised_WritesTheSameBytes()
    {
        var message = SipMessageReader.Read(SharedCorpora.Rfc4475("wsinv")).Message!;
        var asRead = message.ToBytes();

        _ = message.Headers.Count;

        Assert.Equal(Encoding.UTF8.GetString(asRead), Encoding.UTF8.GetString(message.ToBytes()));
    }

    /// <summary>Hands out spans of exactly the size asked for (at least one byte), as a pipe near its segment end does.</summary>
    private sealed class StingyWriter : IBufferWriter<byte>
    {
        private readonly ArrayBufferWriter<byte> _inner = new();
        private int _given;

        public ReadOnlyMemory<byte> Written => _inner.WrittenMemory;

        public void Advance(int count)
        {
            Assert.InRange(count, 0, _given);
            _inner.Advance(count);
        }

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            _given = Math.Max(sizeHint, 1);
            return _inner.GetMemory(_given)[.._given];
        }

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }

    // The writer always puts its own Content-Length last, so its position is not part of the round trip.
    private static List<SipHeader> WithoutContentLength(SipMessage message) =>
        message.Headers.Where(h => h.Name != HeaderNames.ContentLength).ToList();

    private static string StartLine(SipMessage message) => message switch
    {
        SipRequest r => $"{r.Method} {r.RequestUri} {r.Version}",
        SipResponse r => $"{r.Version} {r.StatusCode} {r.ReasonPhrase}",
        _ => throw new ArgumentOutOfRangeException(nameof(message)),
    };
}
