using System.Security.Cryptography;

namespace EfficientAI.Telephony.Media.Srtp;

/// <summary>
/// One direction's SRTP master key and salt with its crypto suite: what an SDES a=crypto line carries
/// (RFC 4568 §6.1) and what the session keys are derived from (RFC 3711 §4.3).
/// </summary>
public sealed class SrtpMasterKey
{
    private readonly byte[] _key;
    private readonly byte[] _salt;

    /// <summary>Creates a master key from its parts.</summary>
    /// <exception cref="ArgumentException">The key is not 16 octets or the salt not 14.</exception>
    public SrtpMasterKey(SrtpCryptoSuite suite, ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt, ulong keyDerivationRate = 0)
    {
        if (key.Length != SrtpCryptoSuites.MasterKeyLength)
        {
            throw new ArgumentException($"An SRTP master key for {suite.SdpName()} is {SrtpCryptoSuites.MasterKeyLength} octets, not {key.Length}.", nameof(key));
        }

        if (salt.Length != SrtpCryptoSuites.MasterSaltLength)
        {
            throw new ArgumentException($"An SRTP master salt for {suite.SdpName()} is {SrtpCryptoSuites.MasterSaltLength} octets, not {salt.Length}.", nameof(salt));
        }

        if (keyDerivationRate != 0 && (!ulong.IsPow2(keyDerivationRate) || keyDerivationRate > 1UL << 24))
        {
            throw new ArgumentOutOfRangeException(nameof(keyDerivationRate), keyDerivationRate, "The key derivation rate is 0 or a power of two up to 2^24 (RFC 3711 §4.3.1).");
        }

        Suite = suite;
        _key = key.ToArray();
        _salt = salt.ToArray();
        KeyDerivationRate = keyDerivationRate;
    }

    /// <summary>The crypto suite.</summary>
    public SrtpCryptoSuite Suite { get; }

    /// <summary>The 128-bit master key.</summary>
    public ReadOnlySpan<byte> Key => _key;

    /// <summary>The 112-bit master salt.</summary>
    public ReadOnlySpan<byte> Salt => _salt;

    /// <summary>The key derivation rate; 0 derives the session keys once (RFC 3711 §4.3.1).</summary>
    public ulong KeyDerivationRate { get; }

    /// <summary>A fresh random master key and salt (RFC 4568 §6.1: from a cryptographically strong source).</summary>
    public static SrtpMasterKey Generate(SrtpCryptoSuite suite)
    {
        Span<byte> material = stackalloc byte[SrtpCryptoSuites.MasterKeyLength + SrtpCryptoSuites.MasterSaltLength];
        RandomNumberGenerator.Fill(material);
        var key = new SrtpMasterKey(suite, material[..SrtpCryptoSuites.MasterKeyLength], material[SrtpCryptoSuites.MasterKeyLength..]);
        CryptographicOperations.ZeroMemory(material);
        return key;
    }

    /// <summary>The SDES inline key: base64 of key || salt (RFC 4568 §6.1).</summary>
    public string ToInlineKey()
    {
        Span<byte> material = stackalloc byte[SrtpCryptoSuites.MasterKeyLength + SrtpCryptoSuites.MasterSaltLength];
        _key.CopyTo(material);
        _salt.CopyTo(material[SrtpCryptoSuites.MasterKeyLength..]);
        return Convert.ToBase64String(material);
    }

    /// <summary>Reads an SDES inline key (base64 of key || salt, 30 octets for the AES_CM_128 suites).</summary>
    public static bool TryParseInlineKey(SrtpCryptoSuite suite, ReadOnlySpan<char> base64, ulong keyDerivationRate, out SrtpMasterKey? key, out string? error)
    {
        Span<byte> material = stackalloc byte[64];
        if (!Convert.TryFromBase64Chars(base64, material, out int written))
        {
            key = null;
            error = "the inline key is not base64 (or longer than any supported key)";
            return false;
        }

        if (written != SrtpCryptoSuites.MasterKeyLength + SrtpCryptoSuites.MasterSaltLength)
        {
            key = null;
            error = $"the inline key of {suite.SdpName()} is {SrtpCryptoSuites.MasterKeyLength + SrtpCryptoSuites.MasterSaltLength} octets of key and salt, not {written}";
            return false;
        }

        key = new SrtpMasterKey(suite, material[..SrtpCryptoSuites.MasterKeyLength], material[SrtpCryptoSuites.MasterKeyLength..written], keyDerivationRate);
        error = null;
        return true;
    }
}
