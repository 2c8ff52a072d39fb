using System.Text;
using CsCheck;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Parsing;

namespace EfficientAI.Telephony.Fuzz.Tests;

/// <summary>
/// SIP parser and reader. Rejected means a <see cref="SipMessageReadResult"/> with status Invalid and an error; no
/// input may throw, hang, or allocate more than 64 bytes per input byte (plus 64 KiB). Every header accessor of a read
/// message is touched (they parse lazily), the indexed and the materialised answers must agree, and a message that
/// reads, written back and read again, has the same verdict and header values.
/// </summary>
public class SipFuzzTests
{
    private static readonly IReadOnlyList<byte[]> Corpus = Seeds.SipMessages();

    [Fact]
    public void Sip_MutatedTortureMessages_AreReadOrRejected_NeverThrow()
    {
        Assert.NotEmpty(Corpus);
        FuzzRun.Run("sip-mutation", Mutator.Mutations(Corpus), Check, Mutator.Print);
    }

    [Fact]
    public void Sip_GrammarGeneratedMessages_AreReadOrRejected_NeverThrow()
    {
        FuzzRun.Run("sip-grammar", SipGrammar.Message.Select(Encoding.UTF8.GetBytes), Check, Mutator.Print);
    }

    internal static void Check(byte[] input)
    {
        var datagram = FuzzRun.Bounded(input.Length, 64, 64 * 1024, () => SipMessageReader.Read(input.AsSpan(), datagram: true));
        CheckResult(datagram, input.Length);
        _ = SipParseVerdict.Of(input).Text;

        var stream = FuzzRun.Bounded(input.Length, 64, 64 * 1024, () => SipMessageReader.Read(input.AsSpan(), datagram: false));
        CheckResult(stream, input.Length);
        CheckStreamFraming(input, stream);

        if (datagram.Message is { } message)
        {
            var before = Snapshot(message);
            Touch(message);
            _ = message.Headers.Count;
            var after = Snapshot(message);
            Same("indexed and materialised header values", before, after, input);
            Touch(message);
        }

        if (datagram.Success)
        {
            CheckRoundTrip(datagram.Message!, input);
        }
    }

    private static void CheckResult(SipMessageReadResult result, int length)
    {
        if (result.Status == SipParseStatus.Invalid && (result.Error is null || string.IsNullOrWhiteSpace(result.Error.Reason)))
        {
            throw new FuzzFinding("an Invalid read carries no error reason");
        }

        if (result.Status == SipParseStatus.Complete && result.Message is null)
        {
            throw new FuzzFinding("a Complete read carries no message");
        }

        if (result.Consumed < 0 || result.Consumed > length)
        {
            throw new FuzzFinding($"consumed {result.Consumed} of {length} bytes");
        }
    }

    /// <summary>
    /// A stream read that completes after c bytes must complete the same way from exactly those c bytes, and a
    /// prefix cut before them must ask for more rather than complete.
    /// </summary>
    private static void CheckStreamFraming(byte[] input, SipMessageReadResult whole)
    {
        if (whole.Status != SipParseStatus.Complete)
        {
            return;
        }

        int c = whole.Consumed;
        var exact = SipMessageReader.Read(input.AsSpan(0, c), datagram: false);
        if (exact.Status != SipParseStatus.Complete || exact.Consumed != c)
        {
            throw new FuzzFinding($"stream: {c} bytes completed within a longer buffer, but alone read as {exact.Status} ({exact.Consumed}, {exact.Error})");
        }

        foreach (var cut in new[] { c - 1, c / 2, 1 })
        {
            if (cut <= 0 || cut >= c)
            {
                continue;
            }

            var partial = SipMessageReader.Read(input.AsSpan(0, cut), datagram: false);
            if (partial.Status == SipParseStatus.Complete)
            {
                throw new FuzzFinding($"stream: a {cut}-byte prefix of a {c}-byte message read as Complete ({partial.Consumed})");
            }
        }
    }

    private static void CheckRoundTrip(SipMessage message, byte[] input)
    {
        var written = message.ToBytes();
        var again = SipMessageReader.Read(written.AsSpan(), datagram: true);
        if (!again.Success)
        {
            throw new FuzzFinding($"round trip: the message read, but written back it reads as {again.Status}: {again.Error}; written: {Mutator.Escape(Encoding.UTF8.GetString(written))}");
        }

        Same("round trip", Snapshot(message), Snapshot(again.Message!), input);
    }

    private static void Same(string what, string[] expected, string[] actual, byte[] input)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] != actual[i])
            {
                throw new FuzzFinding($"{what}: field {i} was \"{Mutator.Escape(expected[i])}\", then \"{Mutator.Escape(actual[i])}\" ({input.Length}-byte input)");
            }
        }
    }

    /// <summary>The header values the stack acts on, as text.</summary>
    private static string[] Snapshot(SipMessage m) =>
    [
        m is SipRequest r ? $"{r.Method} {r.RequestUri}" : $"{((SipResponse)m).StatusCode}",
        m.CallId ?? "-",
        m.CSeq?.ToString() ?? "-",
        m.From?.ToString() ?? "-",
        m.To?.ToString() ?? "-",
        m.TopVia?.ToString() ?? "-",
        string.Join(" | ", m.Vias.Select(v => v.ToString())),
        m.Contact?.ToString() ?? "-",
        string.Join(" | ", m.Routes.Select(a => a.ToString())),
        string.Join(" | ", m.RecordRoutes.Select(a => a.ToString())),
        m.ContentType ?? "-",
        Convert.ToBase64String(m.Body.Span),
        m is SipRequest q ? q.MaxForwards?.ToString() ?? "-" : "",
    ];

    private static void Touch(SipMessage m)
    {
        _ = m.CallId;
        _ = m.CSeq?.Method;
        Touch(m.From);
        Touch(m.To);
        Touch(m.Contact);
        _ = m.ContentType;
        _ = m.BodyText;
        Touch(m.TopVia);
        m.Vias.ForEach(Touch);
        m.Routes.ForEach(Touch);
        m.RecordRoutes.ForEach(Touch);
        _ = m.HasHeader(HeaderNames.Contact) | m.HasHeader("X-Unknown");
        foreach (var contact in m.Headers.GetValues(HeaderNames.Contact))
        {
            if (NameAddress.TryParse(contact, out var address, out _))
            {
                Touch(address);
            }
        }

        if (m is SipRequest request)
        {
            Touch(request.RequestUri);
            _ = request.MaxForwards;
        }
        else if (m is SipResponse response)
        {
            _ = response.ReasonPhrase;
        }
    }

    private static void Touch(ViaHeader? via)
    {
        if (via is null)
        {
            return;
        }

        _ = via.Branch;
        _ = via.Received;
        _ = via.Rport;
        _ = via.SentBy;
        _ = via.Parameters.Items.Count();
        var text = via.ToString();
        if (!ViaHeader.TryParse(text, out var again, out var error) || again.ToString() != text)
        {
            throw new FuzzFinding($"Via round trip: \"{Mutator.Escape(text)}\" reads back as {(again is null ? error : again.ToString())}");
        }
    }

    private static void Touch(NameAddress? address)
    {
        if (address is null)
        {
            return;
        }

        _ = address.DisplayName;
        _ = address.Tag;
        _ = address.Parameters.Items.Count();
        Touch(address.Uri);
        var text = address.ToString();
        if (!NameAddress.TryParse(text, out var again, out var error) || again.ToString() != text)
        {
            throw new FuzzFinding($"name-addr round trip: \"{Mutator.Escape(text)}\" reads back as {(again is null ? error : again.ToString())}");
        }
    }

    private static void Touch(SipUri uri)
    {
        _ = uri.User;
        _ = uri.Password;
        _ = uri.Port;
        _ = uri.Headers;
        _ = uri.HostPort;
        _ = uri.IsIPv6Host;
        _ = uri.Parameters.Items.Count();
        _ = uri.WithoutParameters().ToString();
        var text = uri.ToString();
        if (!SipUri.TryParse(text, out var again, out var error) || again.ToString() != text)
        {
            throw new FuzzFinding($"URI round trip: \"{Mutator.Escape(text)}\" reads back as {(again is null ? error : again.ToString())}");
        }
    }
}
