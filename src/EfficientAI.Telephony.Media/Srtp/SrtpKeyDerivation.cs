using System.Buffers.Binary;

namespace EfficientAI.Telephony.Media.Srtp;

/// <summary>The SRTP key derivation (RFC 3711 §4.3) with the AES-CM PRF (§4.3.3).</summary>
public static class SrtpKeyDerivation
{
    /// <summary>Label of the SRTP encryption key.</summary>
    public const byte SrtpEncryption = 0x00;

    /// <summary>Label of the SRTP authentication key.</summary>
    public const byte SrtpAuthentication = 0x01;

    /// <summary>Label of the SRTP salt.</summary>
    public const byte SrtpSalt = 0x02;

    /// <summary>Label of the SRTCP encryption key.</summary>
    public const byte SrtcpEncryption = 0x03;

    /// <summary>Label of the SRTCP authentication key.</summary>
    public const byte SrtcpAuthentication = 0x04;

    /// <summary>Label of the SRTCP salt.</summary>
    public const byte SrtcpSalt = 0x05;

    /// <summary>
    /// Derives one session key: x = (label || index DIV kdr) XOR master salt, then <paramref name="output"/> is the
    /// AES-CM keystream of the master key from IV x * 2^16.
    /// </summary>
    /// <param name="masterKey">The 16-octet master key.</param>
    /// <param name="masterSalt">The 14-octet master salt.</param>
    /// <param name="label">One of the labels above.</param>
    /// <param name="index">The packet index (48-bit SRTP, 31-bit SRTCP); ignored when the rate is 0.</param>
    /// <param name="keyDerivationRate">0, or a power of two up to 2^24.</param>
    /// <param name="output">Receives the key; its length is the key length.</param>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, ulong index, ulong keyDerivationRate, Span<byte> output)
    {
        if (masterKey.Length != SrtpCryptoSuites.MasterKeyLength)
        {
            throw new ArgumentException($"The master key is {SrtpCryptoSuites.MasterKeyLength} octets.", nameof(masterKey));
        }

        if (masterSalt.Length != SrtpCryptoSuites.MasterSaltLength)
        {
            throw new ArgumentException($"The master salt is {SrtpCryptoSuites.MasterSaltLength} octets.", nameof(masterSalt));
        }

        using var prf = new AesCounterMode(masterKey);
        Derive(prf, masterSalt, label, keyDerivationRate == 0 ? 0 : index / keyDerivationRate, output);
    }

    internal static void Derive(AesCounterMode prf, ReadOnlySpan<byte> masterSalt, byte label, ulong r, Span<byte> output)
    {
        // key_id = label (8 bits) || r (48 bits), right-aligned against the 112-bit salt: the label XORs octet 7.
        Span<byte> iv = stackalloc byte[16];
        masterSalt.CopyTo(iv);
        iv[7] ^= label;
        Span<byte> rBytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(rBytes, r & 0xFFFF_FFFF_FFFF);
        for (int i = 0; i < 6; i++)
        {
            iv[8 + i] ^= rBytes[2 + i];
        }

        prf.Keystream(iv, output);
    }
}
