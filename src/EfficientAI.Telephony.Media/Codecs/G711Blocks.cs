namespace EfficientAI.Telephony.Media.Codecs;

/// <summary>What the block (span) forms of A-law and µ-law share: the size check and the table-driven decode loop.</summary>
internal static class G711Blocks
{
    public static void EnsureEncodeRoom(ReadOnlySpan<short> pcm, Span<byte> dst)
    {
        if (dst.Length < pcm.Length)
        {
            throw new ArgumentException($"Destination holds {dst.Length} bytes; {pcm.Length} are needed.", nameof(dst));
        }
    }

    /// <summary>Decodes <paramref name="src"/> through a 256-entry table of the law's decoder output values.</summary>
    public static void Decode(ReadOnlySpan<byte> src, Span<short> pcm, ReadOnlySpan<short> table)
    {
        if (pcm.Length < src.Length)
        {
            throw new ArgumentException($"Destination holds {pcm.Length} samples; {src.Length} are needed.", nameof(pcm));
        }

        for (int i = 0; i < src.Length; i++)
        {
            pcm[i] = table[src[i]];
        }
    }
}
