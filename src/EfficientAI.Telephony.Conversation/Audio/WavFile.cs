using System.Buffers.Binary;

namespace EfficientAI.Telephony.Conversation.Audio;

/// <summary>
/// Reads and writes mono 16-bit PCM RIFF/WAVE files. Reading walks the chunk list, so files with
/// LIST/INFO, fact or other chunks before or after "data" are accepted; a "data" size that runs past
/// the end of the file (streaming writers such as <c>espeak-ng --stdout</c> put 0x7FFFF000 there)
/// means "up to the end".
/// </summary>
public static class WavFile
{
    private const ushort FormatPcm = 1;
    private const ushort FormatExtensible = 0xFFFE;
    private const int RiffHeaderSize = 12;
    private const int ChunkHeaderSize = 8;
    private const int CanonicalHeaderSize = RiffHeaderSize + ChunkHeaderSize + 16 + ChunkHeaderSize;

    public static AudioClip Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    public static async Task<AudioClip> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    public static async Task<AudioClip> ReadAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            return Parse(bytes);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Parses a complete WAV file held in memory.</summary>
    /// <exception cref="FormatException">Not RIFF/WAVE, no fmt or data chunk, or not mono 16-bit PCM; the message says what was found.</exception>
    public static AudioClip Parse(ReadOnlySpan<byte> file)
    {
        if (file.Length < RiffHeaderSize || !file[..4].SequenceEqual("RIFF"u8) || !file[8..12].SequenceEqual("WAVE"u8))
        {
            throw new FormatException("Not a WAV file: it must start with a RIFF header of form type WAVE.");
        }

        int sampleRate = 0;
        bool haveFormat = false;
        int offset = RiffHeaderSize;
        while (offset + ChunkHeaderSize <= file.Length)
        {
            ReadOnlySpan<byte> id = file.Slice(offset, 4);
            uint declared = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(offset + 4, 4));
            int bodyStart = offset + ChunkHeaderSize;
            int size = (int)Math.Min(declared, (uint)(file.Length - bodyStart));
            ReadOnlySpan<byte> body = file.Slice(bodyStart, size);
            if (id.SequenceEqual("fmt "u8))
            {
                sampleRate = ReadFormat(body);
                haveFormat = true;
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (!haveFormat)
                {
                    throw new FormatException("The data chunk comes before any fmt chunk.");
                }

                return new AudioClip(DecodeSamples(body), sampleRate);
            }

            // RIFF chunks are word aligned: an odd-sized body is followed by one pad byte.
            offset = bodyStart + size + (size & 1);
        }

        throw new FormatException(haveFormat ? "The WAV file has no data chunk." : "The WAV file has no fmt chunk.");
    }

    public static void Write(Stream stream, AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Encode(clip));
    }

    public static async Task WriteAsync(string path, AudioClip clip, CancellationToken cancellationToken) =>
        await File.WriteAllBytesAsync(path, Encode(clip), cancellationToken).ConfigureAwait(false);

    /// <summary>The canonical 44-byte-header file for <paramref name="clip"/>.</summary>
    public static byte[] Encode(AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        int dataBytes = checked(clip.Samples.Length * 2);
        var file = new byte[CanonicalHeaderSize + dataBytes];
        Span<byte> s = file;
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], (uint)(file.Length - 8));
        "WAVE"u8.CopyTo(s[8..]);
        "fmt "u8.CopyTo(s[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(s[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(s[20..], FormatPcm);
        BinaryPrimitives.WriteUInt16LittleEndian(s[22..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(s[24..], (uint)clip.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(s[28..], (uint)clip.SampleRate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(s[32..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(s[34..], 16);
        "data"u8.CopyTo(s[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(s[40..], (uint)dataBytes);
        Span<byte> data = s[CanonicalHeaderSize..];
        for (int i = 0; i < clip.Samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(data[(2 * i)..], clip.Samples[i]);
        }

        return file;
    }

    private static int ReadFormat(ReadOnlySpan<byte> fmt)
    {
        if (fmt.Length < 16)
        {
            throw new FormatException($"The fmt chunk is {fmt.Length} bytes; at least 16 are required.");
        }

        ushort format = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        ushort channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        uint rate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        ushort bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);

        // WAVE_FORMAT_EXTENSIBLE carries the real format code in the first two bytes of its SubFormat GUID.
        if (format == FormatExtensible && fmt.Length >= 26)
        {
            format = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]);
        }

        if (format != FormatPcm || bits != 16 || channels != 1)
        {
            throw new FormatException($"Only mono 16-bit PCM is supported; this file is format {format}, {bits} bits, {channels} channel(s).");
        }

        if (rate is 0 or > int.MaxValue)
        {
            throw new FormatException($"The sample rate {rate} is not valid.");
        }

        return (int)rate;
    }

    private static short[] DecodeSamples(ReadOnlySpan<byte> data)
    {
        var samples = new short[data.Length / 2];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]);
        }

        return samples;
    }
}
