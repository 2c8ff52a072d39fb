using System.Security.Cryptography;
using System.Text;

namespace EfficientAI.Telephony.Sip.Authentication;

/// <summary>
/// A digest algorithm of RFC 7616 §3.2 as registered for SIP by RFC 8760 §2.1: MD5, SHA-256 and SHA-512-256, each
/// also in its "-sess" form (where HA1 also covers the nonce and cnonce, §3.4.2).
/// </summary>
public sealed class DigestAlgorithm
{
    public static readonly DigestAlgorithm Md5 = new("MD5", false, Md5Hash);
    public static readonly DigestAlgorithm Md5Session = new("MD5-sess", true, Md5Hash);
    public static readonly DigestAlgorithm Sha256 = new("SHA-256", false, Sha256Hash);
    public static readonly DigestAlgorithm Sha256Session = new("SHA-256-sess", true, Sha256Hash);
    public static readonly DigestAlgorithm Sha512Slash256 = new("SHA-512-256", false, Sha512Slash256Hash);
    public static readonly DigestAlgorithm Sha512Slash256Session = new("SHA-512-256-sess", true, Sha512Slash256Hash);

    private static readonly DigestAlgorithm[] All = [Md5, Md5Session, Sha256, Sha256Session, Sha512Slash256, Sha512Slash256Session];

    private readonly Func<byte[], byte[]> _hash;

    private DigestAlgorithm(string name, bool isSession, Func<byte[], byte[]> hash)
    {
        Name = name;
        IsSession = isSession;
        _hash = hash;
    }

    /// <summary>The token as written in the algorithm parameter.</summary>
    public string Name { get; }

    /// <summary>True for the "-sess" variants.</summary>
    public bool IsSession { get; }

    /// <summary>
    /// Looks up the algorithm parameter (case-insensitive, RFC 7616 §3.3). A challenge without one means MD5.
    /// Returns false for an algorithm we cannot compute (for example "AKAv1-MD5" of RFC 3310).
    /// </summary>
    public static bool TryGet(string? name, out DigestAlgorithm algorithm)
    {
        if (string.IsNullOrEmpty(name))
        {
            algorithm = Md5;
            return true;
        }

        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                algorithm = candidate;
                return true;
            }
        }

        algorithm = Md5;
        return false;
    }

    /// <summary>H(data) of RFC 7616 §3.4.1: the hash of the UTF-8 bytes as lower-case hex.</summary>
    public string H(string data) => Hex(_hash(Encoding.UTF8.GetBytes(data)));

    /// <summary>H(bytes) as lower-case hex, for the entity body of qop=auth-int (§3.4.3).</summary>
    public string H(ReadOnlySpan<byte> data) => Hex(_hash(data.ToArray()));

    /// <summary>KD(secret, data) = H(secret ":" data), §3.4.1.</summary>
    public string KD(string secret, string data) => H(secret + ":" + data);

    public override string ToString() => Name;

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    // RFC 3261 §22.4 makes MD5 the digest every SIP server may ask for; it is a protocol requirement, not a choice.
#pragma warning disable CA5351
    private static byte[] Md5Hash(byte[] data) => MD5.HashData(data);
#pragma warning restore CA5351

    private static byte[] Sha256Hash(byte[] data) => SHA256.HashData(data);

    private static byte[] Sha512Slash256Hash(byte[] data) => Authentication.Sha512Slash256.Hash(data);
}
