using System.Net;
using System.Text;
using CsCheck;
using EfficientAI.Telephony.Media.Sdp;

namespace EfficientAI.Telephony.Fuzz.Tests;

/// <summary>
/// SDP parser plus offer/answer on what parses. Rejected means an <see cref="SdpParseResult"/> without a description
/// and with an error and line number; no input may throw. A description that parses, written back, parses again to the
/// same text; an offer that parses is answered or refused with an error, and an answer we made reads back as one.
/// </summary>
public class SdpFuzzTests
{
    private static readonly IPEndPoint Local = new(IPAddress.Parse("198.51.100.20"), 49174);

    /// <summary>SDP bodies as the Media tests and the RFC 4317/3264 examples write them.</summary>
    private static readonly IReadOnlyList<byte[]> Corpus =
    [
        .. new[]
        {
            "v=0\r\no=alice 2890844526 2890844526 IN IP4 192.0.2.10\r\ns=\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0 8 97\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:97 iLBC/8000\r\nm=video 51372 RTP/AVP 31 32\r\na=rtpmap:31 H261/90000\r\na=rtpmap:32 MPV/90000\r\n",
            "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 4000 RTP/AVP 0 101\na=rtpmap:101 telephone-event/8000\na=fmtp:101 0-16\na=ptime:20\na=sendonly\na=rtcp:4001 IN IP4 192.0.2.1\na=rtcp-mux\n",
            "v=0\r\no=bob 2808844564 2808844564 IN IP6 2001:db8::2\r\ns=call\r\ni=info\r\nu=http://example.com\r\ne=a@example.com\r\np=+1 555\r\nc=IN IP6 2001:db8::2/127\r\nb=AS:64\r\nt=3034423619 3042462419\r\nr=7d 1h 0 25h\r\nz=2882844526 -1h 2898848070 0\r\nk=prompt\r\na=recvonly\r\nm=audio 0 RTP/AVP 8\r\nm=audio 5004/2 RTP/SAVP 0 8 96\r\nb=CT:128\r\na=rtpmap:96 opus/48000/2\r\na=fmtp:96 minptime=10;useinbandfec=1\r\na=inactive\r\n",
            "v=0\r\no=- 0 0 IN IP4 224.2.17.12/127/3\r\ns=multicast\r\nc=IN IP4 224.2.17.12/127/3\r\nt=0 0\r\nm=audio 49230 RTP/AVP 96 97 98\r\na=rtpmap:96 L8/8000\r\na=rtpmap:97 L16/8000\r\na=rtpmap:98 L16/11025/2\r\na=ptime:0\r\na=maxptime:4294967296\r\n",
        }.Select(Encoding.UTF8.GetBytes),
    ];

    private static readonly Gen<string> Line = Gen.Select(
        Gen.OneOf("v", "o", "s", "i", "u", "e", "p", "c", "b", "t", "r", "z", "k", "a", "m", "x", "", "vv"),
        Gen.OneOf<string>(
            Gen.OneOf("0", "1", "", "-", "IN IP4 192.0.2.1", "IN IP6 ::1", "IN IP4 300.1.1.1", "IN IP4 192.0.2.1/127/3", "IN IP4", "IN X 1", "AS:64", "AS:-1", "X:99999999999"),
            Gen.Select(Gen.OneOf("audio", "video", "", "AUDIO"), Gen.OneOf("0", "4000", "65535", "65536", "4000/2", "4000/0", "-1", "x"), Gen.OneOf("RTP/AVP", "RTP/SAVP", "UDP", ""), Gen.OneOf("0", "8", "101", "127", "128", "-1", "0 8 101", "", "99999999999").Array[0, 4],
                (media, port, proto, fmts) => $"{media} {port} {proto} {string.Join(' ', fmts)}".TrimEnd()),
            Gen.Select(Gen.OneOf("- 1 1", "alice 2890844526 2890844526", "x 18446744073709551616 1", "a b c", ""), Gen.OneOf(" IN IP4 192.0.2.1", " IN IP6 2001:db8::1", " IN IP4 ::1", ""), (a, b) => a + b),
            Gen.Select(Gen.OneOf("rtpmap", "fmtp", "ptime", "maxptime", "sendrecv", "sendonly", "recvonly", "inactive", "rtcp", "rtcp-mux", "x", ""),
                Gen.OneOf("", ":0 PCMU/8000", ":101 telephone-event/8000", ":96 opus/48000/2", ":96 opus/0", ":96", ":96 /", ":101 0-16", ":20", ":-1", ":4001 IN IP4 192.0.2.1", ":4294967296", ": ", ":128 X/8000"),
                (n, v) => n + v),
            Gen.OneOf("0 0", "3034423619 3042462419", "-1 0", "18446744073709551616 0", "1", "7d 1h 0 25h", "1h -1h")),
        Gen.OneOf("=", "=", "= ", " =", ""),
        (type, value, eq) => type + eq + value);

    private static readonly Gen<string> Description = Gen.Select(Gen.Bool, Line.Array[0, 20], Gen.OneOf("\r\n", "\n", "\r"), (prefix, lines, eol) =>
        (prefix ? "v=0" + eol + "o=- 1 1 IN IP4 192.0.2.1" + eol + "s=-" + eol + "c=IN IP4 192.0.2.1" + eol + "t=0 0" + eol : "") + string.Concat(lines.Select(l => l + eol)));

    [Fact]
    public void Sdp_MutatedBodies_AreParsedOrRejected_NeverThrow()
    {
        FuzzRun.Run("sdp-mutation", Mutator.Mutations(Corpus).Select(Encoding.UTF8.GetString), Check, t => $"\"{Mutator.Escape(t)}\"");
    }

    [Fact]
    public void Sdp_GrammarGeneratedBodies_AreParsedOrRejected_NeverThrow()
    {
        FuzzRun.Run("sdp-grammar", Description, Check, t => $"\"{Mutator.Escape(t)}\"");
    }

    private static void Check(string text)
    {
        var result = FuzzRun.Bounded(text.Length, 64, 64 * 1024, () => SessionDescription.Parse(text));
        if (result.Description is not { } offer)
        {
            if (string.IsNullOrWhiteSpace(result.Error) || result.LineNumber < 0)
            {
                throw new FuzzFinding($"rejected without an error or line: {result.Error} at {result.LineNumber}");
            }

            return;
        }

        var written = offer.ToString();
        var again = SessionDescription.Parse(written);
        if (again.Description is null || again.Description.ToString() != written)
        {
            throw new FuzzFinding($"round trip: written as \"{Mutator.Escape(written)}\", read back as {again.Error ?? Mutator.Escape(again.Description!.ToString())}");
        }

        _ = SdpOfferAnswer.FindAudioStream(offer);
        var answer = SdpOfferAnswer.CreateAnswer(offer, MediaFormat.Default, Local, sessionId: 1, version: 1);
        if (answer.Answer is null)
        {
            if (string.IsNullOrWhiteSpace(answer.Error))
            {
                throw new FuzzFinding("an offer was refused without an error");
            }

            return;
        }

        var negotiated = SdpOfferAnswer.ReadAnswer(offer, answer.Answer);
        if (negotiated.Media is null && answer.Media is not null)
        {
            throw new FuzzFinding($"our own answer does not read back against the offer: {negotiated.Error}");
        }
    }
}
