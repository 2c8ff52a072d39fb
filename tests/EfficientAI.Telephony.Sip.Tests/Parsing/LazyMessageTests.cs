using System.Runtime.InteropServices;
using System.Text;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Parsing;

namespace EfficientAI.Telephony.Sip.Tests.Parsing;

/// <summary>
/// A received message reads its headers from the index of its bytes until <see cref="SipMessage.Headers"/> is asked
/// for; from then on the headers are the source of truth, as a user agent changes what it received.
/// </summary>
public class LazyMessageTests
{
    private const string Invite =
        "INVITE sip:bob@biloxi.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds, SIP/2.0/UDP proxy.atlanta.com;branch=z9hG4bKp1\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: Bob <sip:bob@biloxi.com>\r\n" +
        "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:alice@pc33.atlanta.com>\r\n" +
        "Record-Route: <sip:p2.example.com;lr>, <sip:p1.example.com;lr>\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 4\r\n\r\n" +
        "v=0\n";

    [Fact]
    public void TypedAccessors_ReadTheSameValues_BeforeAndAfterTheHeadersAreMaterialised()
    {
        var lazy = SipText.Request(Invite);
        var before = Describe(lazy);

        _ = lazy.Headers.Count;

        Assert.Equal(before, Describe(lazy));
        Assert.Equal(
            "z9hG4bK776asdhds|a84b4c76e66710@pc33.atlanta.com|314159 INVITE|1928301774|\"Bob\" <sip:bob@biloxi.com>|2|<sip:alice@pc33.atlanta.com>|2|application/sdp|70",
            before);
    }

    [Fact]
    public void ChangedHeaders_AreWhatTheAccessorsAndTheWriterSee()
    {
        var request = SipText.Request(Invite);
        Assert.Null(request.TopVia!.Received);

        // What a UAS does on receipt (§18.2.1).
        request.Headers.ReplaceFirstValue(HeaderNames.Via, "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds;received=192.0.2.1");

        Assert.Equal("192.0.2.1", request.TopVia!.Received);
        Assert.Equal(2, request.Vias.Count);
        Assert.Contains(";received=192.0.2.1, SIP/2.0/UDP proxy.atlanta.com", Encoding.UTF8.GetString(request.ToBytes()), StringComparison.Ordinal);
    }

    [Fact]
    public void AnAccessorsObject_IsTheCallersOwn()
    {
        var request = SipText.Request(Invite);

        request.TopVia!.Received = "192.0.2.1";
        request.To!.Tag = "mine";

        Assert.Null(request.TopVia!.Received);
        Assert.Null(request.To!.Tag);
    }

    [Fact]
    public void AnUnchangedMessage_IsWrittenWithoutMaterialisingTheSameBytesAsAfter()
    {
        var request = SipText.Request(Invite);
        var fromIndex = request.ToBytes();

        _ = request.Headers.Count;

        Assert.Equal(request.ToBytes(), fromIndex);
    }

    [Fact]
    public void AMessageWithMoreHeaderLinesThanTheInlineIndex_KeepsThemAllInOrder()
    {
        var extra = string.Concat(Enumerable.Range(0, 40).Select(i => $"X-Line-{i}: {i}\r\n"));
        var request = SipText.Request(Invite.Replace("Content-Type:", extra + "Content-Type:", StringComparison.Ordinal));

        Assert.Equal("application/sdp", request.ContentType);
        Assert.Equal(2, request.RecordRoutes.Count);
        Assert.Equal(50, request.Headers.Count);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"X-Line-{i}"), request.Headers.Select(h => h.Name).Where(n => n.StartsWith("X-", StringComparison.Ordinal)));
        Assert.Equal("39", request.Headers["x-line-39"]);
    }

    [Fact]
    public void HandedOverBytes_AreNotCopied_TheBodyIsASliceOfThem()
    {
        var bytes = Encoding.UTF8.GetBytes(Invite);

        var result = SipMessageReader.Read(bytes.AsMemory());

        Assert.True(result.Success, result.Error?.ToString());
        Assert.True(MemoryMarshal.TryGetArray(result.Message.Body, out var body));
        Assert.Same(bytes, body.Array);
        Assert.Equal("v=0\n", Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void BytesReadFromASpan_AreCopied_SoTheCallerMayReuseItsBuffer()
    {
        var bytes = Encoding.UTF8.GetBytes(Invite);
        var request = Assert.IsType<SipRequest>(SipMessageReader.Read(bytes.AsSpan()).Message);

        Array.Clear(bytes);

        Assert.Equal("a84b4c76e66710@pc33.atlanta.com", request.CallId);
        Assert.Equal("sip:bob@biloxi.com", request.RequestUri.ToString());
        Assert.Equal("v=0\n", request.BodyText);
    }

    private static string Describe(SipRequest r) =>
        $"{r.TopVia!.Branch}|{r.CallId}|{r.CSeq}|{r.From!.Tag}|{r.To}|{r.Vias.Count}|{r.Contact}|{r.RecordRoutes.Count}|{r.ContentType}|{r.MaxForwards}";
}
