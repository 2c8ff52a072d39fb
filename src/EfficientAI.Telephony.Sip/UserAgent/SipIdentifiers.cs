using System.Security.Cryptography;

namespace EfficientAI.Telephony.Sip.UserAgent;

/// <summary>Random identifiers with the uniqueness RFC 3261 asks for (§8.1.1.4 Call-ID, §19.3 tags, §8.1.1.7 branch).</summary>
public static class SipIdentifiers
{
    public static string NewTag() => Hex(6);

    public static string NewBranch() => Messages.ViaHeader.MagicCookie + Hex(8);

    public static string NewCallId(string host) => $"{Hex(12)}@{host}";

    private static string Hex(int bytes)
    {
        Span<byte> b = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(b);
        return Convert.ToHexStringLower(b);
    }
}
