using System.Buffers;

namespace EfficientAI.Telephony.Sip.Messages;

/// <summary>Character classes of the RFC 3261 §25.1 grammar, as vectorised sets.</summary>
internal static class SipGrammar
{
    // token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
    private const string Token = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~";

    private static readonly SearchValues<char> TokenChars = SearchValues.Create(Token);
    private static readonly SearchValues<byte> TokenBytes = SearchValues.Create(System.Text.Encoding.ASCII.GetBytes(Token));

    /// <summary>display-name = *(token LWS) / quoted-string: the unquoted form's characters.</summary>
    public static readonly SearchValues<char> UnquotedDisplayNameChars = SearchValues.Create(Token + " \t");

    /// <summary>hostname and IPv4address characters (§25.1: alphanum, "-", ".").</summary>
    public static readonly SearchValues<char> HostChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.");

    /// <summary>scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3986 §3.1).</summary>
    public static readonly SearchValues<char> SchemeChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");

    /// <summary>password = *( unreserved / escaped / "&amp;" / "=" / "+" / "$" / "," ) (§25.1), '%' checked apart as escaped.</summary>
    public static readonly SearchValues<char> PasswordChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()&=+$,%");

    /// <summary>
    /// What no URI holds unescaped (RFC 2396 §2.4.3 "delims" and "unwise", controls, space and non-ASCII) except '[' and
    /// ']', which RFC 2732 allows; an absoluteURI of another scheme is otherwise taken as it is (§25.1).
    /// </summary>
    public static readonly SearchValues<char> OpaqueUriChars = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()%;/?:@&=+$,#[]");

    public static bool IsTokenChar(char c) => TokenChars.Contains(c);

    public static bool IsTokenChar(byte c) => TokenBytes.Contains(c);

    public static bool IsToken(ReadOnlySpan<char> s) => !s.IsEmpty && !s.ContainsAnyExcept(TokenChars);

    public static bool IsToken(ReadOnlySpan<byte> s) => !s.IsEmpty && !s.ContainsAnyExcept(TokenBytes);

    /// <summary>The length of the token at the start of <paramref name="s"/> (0 when it does not start with one).</summary>
    public static int TokenLength(ReadOnlySpan<char> s)
    {
        var end = s.IndexOfAnyExcept(TokenChars);
        return end < 0 ? s.Length : end;
    }
}
