using System.Text;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Parsing;

namespace EfficientAI.Telephony.Sip.Tests.Parsing;

/// <summary>Reads test messages written as C# strings (UTF-8, line ends exactly as written).</summary>
internal static class SipText
{
    public static SipMessageReadResult Read(string text, bool datagram = true) => SipMessageReader.Read(Encoding.UTF8.GetBytes(text), datagram);

    public static SipRequest Request(string text) => Assert.IsType<SipRequest>(Valid(text));

    public static SipResponse Response(string text) => Assert.IsType<SipResponse>(Valid(text));

    public static SipMessage Valid(string text)
    {
        var result = Read(text);
        Assert.True(result.Success, $"expected a valid message, got {result.Status}: {result.Error}");
        return result.Message;
    }

    /// <summary>Asserts the message is rejected and returns why.</summary>
    public static SipParseError Invalid(string text, bool datagram = true)
    {
        var result = Read(text, datagram);
        Assert.Equal(SipParseStatus.Invalid, result.Status);
        Assert.NotNull(result.Error);
        return result.Error;
    }
}
