using System.Security.Cryptography;

namespace EfficientAI.Telephony.Media.Srtp;

/// <summary>
/// The session keys of one direction of SRTP or of SRTCP (RFC 3711 §3.2.1, §4.3): the AES-CM cipher, the salt and
/// the HMAC-SHA1 authenticator, derived from the master key and re-derived when index DIV kdr changes.
/// Not thread-safe: one per direction and protocol.
/// </summary>
internal sealed class SrtpCryptoContext : IDisposable
{
    private readonly SrtpMasterKey _master;
    private readonly AesCounterMode _prf;
    private readonly byte _encryptionLabel;
    private readonly byte[] _salt = new byte[SrtpCryptoSuites.MasterSaltLength];
    private AesCounterMode _cipher;
    private IncrementalHash _hmac;
    private ulong _r;

    public SrtpCryptoContext(SrtpMasterKey master, bool rtcp)
    {
        _master = master;
        _prf = new AesCounterMode(master.Key);
        _encryptionLabel = rtcp ? SrtpKeyDerivation.SrtcpEncryption : SrtpKeyDerivation.SrtpEncryption;
        (_cipher, _hmac) = DeriveKeys(0);
    }

    /// <summary>Re-derives the keys if <paramref name="index"/> falls in another key derivation period.</summary>
    public void Rekey(ulong index)
    {
        if (_master.KeyDerivationRate == 0)
        {
            return;
        }

        ulong r = index / _master.KeyDerivationRate;
        if (r != _r)
        {
            _cipher.Dispose();
            _hmac.Dispose();
            (_cipher, _hmac) = DeriveKeys(r);
            _r = r;
        }
    }

    /// <summary>Encrypts or decrypts <paramref name="data"/> in place for the packet of this SSRC and index
    /// (IV = salt * 2^16 XOR SSRC * 2^64 XOR index * 2^16, RFC 3711 §4.1.1).</summary>
    public void Crypt(uint ssrc, ulong index, Span<byte> data)
    {
        Span<byte> iv = stackalloc byte[16];
        _salt.CopyTo(iv);
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        for (int i = 0; i < 6; i++)
        {
            iv[8 + i] ^= (byte)(index >> (8 * (5 - i)));
        }

        _cipher.Apply(iv, data);
    }

    /// <summary>HMAC-SHA1 of <paramref name="authenticated"/> into the 20-octet <paramref name="mac"/>.</summary>
    public void Authenticate(ReadOnlySpan<byte> authenticated, Span<byte> mac)
    {
        _hmac.AppendData(authenticated);
        _hmac.GetHashAndReset(mac);
    }

    private (AesCounterMode Cipher, IncrementalHash Hmac) DeriveKeys(ulong r)
    {
        Span<byte> key = stackalloc byte[SrtpCryptoSuites.MasterKeyLength];
        Span<byte> authKey = stackalloc byte[SrtpCryptoSuites.AuthKeyLength];
        SrtpKeyDerivation.Derive(_prf, _master.Salt, _encryptionLabel, r, key);
        SrtpKeyDerivation.Derive(_prf, _master.Salt, (byte)(_encryptionLabel + 1), r, authKey);
        SrtpKeyDerivation.Derive(_prf, _master.Salt, (byte)(_encryptionLabel + 2), r, _salt);
        var cipher = new AesCounterMode(key);
#pragma warning disable CA5350 // HMAC-SHA1 is what the SRTP suites specify (RFC 3711 §4.2.1).
        var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, authKey);
#pragma warning restore CA5350
        CryptographicOperations.ZeroMemory(key);
        CryptographicOperations.ZeroMemory(authKey);
        return (cipher, hmac);
    }

    public void Dispose()
    {
        _prf.Dispose();
        _cipher.Dispose();
        _hmac.Dispose();
    }
}
