using System.Diagnostics.CodeAnalysis;

namespace EfficientAI.Telephony.Sip.Messages;

/// <summary>CSeq (RFC 3261 §20.16): a 32-bit sequence number and the request method.</summary>
public readonly record struct CSeqHeader(uint Number, string Method)
{
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out CSeqHeader? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        text = text.Trim();
        var sp = text.IndexOfAny(' ', '\t');
        if (sp < 0)
        {
            error = "CSeq needs a number and a method";
            return false;
        }

        var number = text[..sp];
        var method = text[sp..].Trim();
        // §8.1.1.5: the sequence number MUST be expressible as a 32-bit unsigned integer
        if (number.Length > 10 || !uint.TryParse(number, System.Globalization.NumberStyles.None, null, out var n))
        {
            error = $"CSeq number '{number}' is not a 32-bit unsigned integer";
            return false;
        }

        if (!SipGrammar.IsToken(method))
        {
            error = $"CSeq method '{method}' is not a token";
            return false;
        }

        value = new CSeqHeader(n, method.ToString());
        error = null;
        return true;
    }

    public override string ToString() => $"{Number} {Method}";
}
