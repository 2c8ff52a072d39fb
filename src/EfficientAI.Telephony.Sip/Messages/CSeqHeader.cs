using System.Diagnostics.CodeAnalysis;

namespace EfficientAI.Telephony.Sip.Messages;

/// <summary>CSeq (RFC 3261 §20.16): a 32-bit sequence number and the request method.</summary>
public readonly record struct CSeqHeader(uint Number, string Method)
{
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out CSeqHeader? value, [NotNullWhen(false)] out string? error)
    {
        if (!TryScan(text, out var number, out var method, out error))
        {
            value = null;
            return false;
        }

        value = new CSeqHeader(number, SipMethods.Intern(method));
        return true;
    }

    /// <summary>The CSeq grammar, allocating nothing on success: the number and the method as a span of the input.</summary>
    internal static bool TryScan(ReadOnlySpan<char> text, out uint number, out ReadOnlySpan<char> method, [NotNullWhen(false)] out string? error)
    {
        number = 0;
        method = [];
        text = text.Trim();
        var sp = text.IndexOfAny(' ', '\t');
        if (sp < 0)
        {
            error = "CSeq needs a number and a method";
            return false;
        }

        var digits = text[..sp];
        method = text[sp..].Trim();
        // §8.1.1.5: the sequence number MUST be expressible as a 32-bit unsigned integer
        if (digits.Length > 10 || !uint.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.NumberFormatInfo.InvariantInfo, out number))
        {
            error = $"CSeq number '{digits}' is not a 32-bit unsigned integer";
            return false;
        }

        if (!SipGrammar.IsToken(method))
        {
            error = $"CSeq method '{method}' is not a token";
            return false;
        }

        error = null;
        return true;
    }

    public override string ToString() => $"{Number} {Method}";
}
