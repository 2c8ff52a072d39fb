namespace EfficientAI.Telephony.Media.Codecs;

/// <summary>
/// The ITU-T G.722 (09/2012) SB-ADPCM decoder at 64 kbit/s: one octet in, two 16 kHz 16-bit samples out. Holds both
/// bands' predictors and the receive QMF history, so one instance decodes one stream; it allocates nothing after
/// construction.
/// </summary>
public sealed class G722Decoder
{
    private const int QmfPairs = 12;

    // The receive QMF's two delay lines (xd = rL − rH, xs = rL + rH), doubled so the newest 12 are contiguous.
    private readonly int[] _difference = new int[2 * QmfPairs];
    private readonly int[] _sum = new int[2 * QmfPairs];
    private int _position;
    private G722Band _low = G722Band.Reset(32);
    private G722Band _high = G722Band.Reset(8);

    /// <summary>Returns the decoder to its reset state (G.722 §3.6.3).</summary>
    public void Reset()
    {
        Array.Clear(_difference);
        Array.Clear(_sum);
        _position = 0;
        _low = G722Band.Reset(32);
        _high = G722Band.Reset(8);
    }

    /// <summary>Decodes <paramref name="payload"/> into <c>2 · payload.Length</c> samples of <paramref name="pcm"/>.</summary>
    /// <returns>The samples written.</returns>
    public int Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        int samples = 2 * payload.Length;
        if (pcm.Length < samples)
        {
            throw new ArgumentException($"Destination holds {pcm.Length} samples; {samples} are needed.", nameof(pcm));
        }

        for (int n = 0; n < payload.Length; n++)
        {
            int code = payload[n];
            int lower = DecodeLow(code & 0x3F);
            int higher = DecodeHigh(code >> 6);
            Synthesise(lower, higher, out pcm[2 * n], out pcm[(2 * n) + 1]);
        }

        return samples;
    }

    /// <summary>INVQBL (6-bit output), INVQAL (4-bit prediction) and the lower band's adaptation (§4.2).</summary>
    private int DecodeLow(int code)
    {
        int output = _low.Prediction + ((_low.Scale * G722Tables.LowInverse6[code]) >> 15);
        output = Math.Clamp(output, -16384, 16383);

        int code4 = code >> 2;
        int quantized = (_low.Scale * G722Tables.LowInverse4[code4]) >> 15;
        _low.AdaptLowScale(G722Tables.LowLogStep[code4]);
        _low.UpdatePredictor(quantized);
        return output;
    }

    /// <summary>INVQAH and the higher band's adaptation (§4.3).</summary>
    private int DecodeHigh(int code)
    {
        int quantized = (_high.Scale * G722Tables.HighInverse[code]) >> 15;
        int output = Math.Clamp(_high.Prediction + quantized, -16384, 16383);
        _high.AdaptHighScale(G722Tables.HighLogStep[code]);
        _high.UpdatePredictor(quantized);
        return output;
    }

    /// <summary>
    /// The receive QMF (§4.4): xout1 = Σ h(2i)·xd(j−i), xout2 = Σ h(2i+1)·xs(j−i), each scaled by 2^11 to 16 bits.
    /// </summary>
    private void Synthesise(int lower, int higher, out short first, out short second)
    {
        _difference[_position] = lower - higher;
        _difference[_position + QmfPairs] = lower - higher;
        _sum[_position] = lower + higher;
        _sum[_position + QmfPairs] = lower + higher;

        // Oldest first: index 11 of the window is the newest value.
        ReadOnlySpan<int> difference = _difference.AsSpan(_position + 1, QmfPairs);
        ReadOnlySpan<int> sum = _sum.AsSpan(_position + 1, QmfPairs);
        _position = _position == QmfPairs - 1 ? 0 : _position + 1;

        var even = G722Tables.QmfEven;
        int out1 = 0;
        int out2 = 0;
        for (int i = 0; i < QmfPairs; i++)
        {
            out1 += even[i] * difference[11 - i];

            // h(2i+1) = h(22 − 2i) = even[11 − i].
            out2 += even[11 - i] * sum[11 - i];
        }

        first = (short)Math.Clamp(out1 >> 11, short.MinValue, short.MaxValue);
        second = (short)Math.Clamp(out2 >> 11, short.MinValue, short.MaxValue);
    }
}
