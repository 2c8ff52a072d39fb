using System.Security.Cryptography;

namespace EfficientAI.Telephony.Media.Srtp;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): keystream block j is AES(k, IV + j), the 16-bit block
/// counter in the low octets of the IV. The block cipher is one ECB encryptor kept for the key's life, fed from
/// buffers of its own: <see cref="SymmetricAlgorithm.EncryptEcb(ReadOnlySpan{byte}, Span{byte}, PaddingMode)"/>
/// builds a native cipher and copies the key on every call, which would allocate per packet.
/// Not thread-safe: one instance per direction and protocol.
/// </summary>
internal sealed class AesCounterMode : IDisposable
{
    private const int BlockSize = 16;
    private const int BatchBlocks = 16;
    private readonly Aes _aes;
    private readonly ICryptoTransform _encryptor;
    private readonly byte[] _counters = new byte[BlockSize * BatchBlocks];
    private readonly byte[] _keystream = new byte[BlockSize * BatchBlocks];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
#pragma warning disable CA5358 // ECB of single counter blocks is how counter mode is built (RFC 3711 §4.1.1).
        _aes.Mode = CipherMode.ECB;
#pragma warning restore CA5358
        _aes.Padding = PaddingMode.None;
        _encryptor = _aes.CreateEncryptor();
    }

    /// <summary>XORs <paramref name="data"/> with the keystream starting at <paramref name="iv"/> (whose last two
    /// octets are zero).</summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        var counters = _counters.AsSpan();
        var keystream = _keystream.AsSpan();
        int block = 0;
        while (!data.IsEmpty)
        {
            int blocks = Math.Min(BatchBlocks, (data.Length + BlockSize - 1) / BlockSize);
            for (int b = 0; b < blocks; b++)
            {
                var counter = counters.Slice(b * BlockSize, BlockSize);
                iv.CopyTo(counter);
                // IV + j as a 128-bit sum; the IV's low 16 bits are zero, so j fits without carry (j < 2^16).
                int j = block + b;
                counter[14] ^= (byte)(j >> 8);
                counter[15] ^= (byte)j;
            }

            int length = blocks * BlockSize;
            _encryptor.TransformBlock(_counters, 0, length, _keystream, 0);
            int n = Math.Min(length, data.Length);
            for (int i = 0; i < n; i++)
            {
                data[i] ^= keystream[i];
            }

            data = data[n..];
            block += blocks;
        }
    }

    /// <summary>Writes the raw keystream (data of zeros XORed): for key derivation and the test vectors.</summary>
    public void Keystream(ReadOnlySpan<byte> iv, Span<byte> output)
    {
        output.Clear();
        Apply(iv, output);
    }

    public void Dispose()
    {
        _encryptor.Dispose();
        _aes.Dispose();
    }
}
