namespace EfficientAI.Telephony.Media.Codecs;

/// <summary>
/// The ITU-T G.722 (09/2012) SB-ADPCM encoder at 64 kbit/s: 16 kHz 16-bit PCM in, one octet per pair of samples out
/// (6 bits of the lower sub-band in the low bits, 2 of the higher in the top two, §1.4.4). Holds the QMF history and
/// both bands' predictors, so one instance encodes one stream; it allocates nothing after construction.
/// </summary>
public sealed class G722Encoder
{
    private const int QmfTaps = 24;

    // The input history twice over, so the 24 newest samples are always one contiguous window (no wrap in the loop).
    private readonly short[] _history = new short[2 * QmfTaps];
    private int _position;
    private G722Band _low = G722Band.Reset(32);
    private G722Band _high = G722Band.Reset(8);

    /// <summary>Returns the encoder to its reset state (G.722 §3.6.3), as at the start of a stream.</summary>
    public void Reset()
    {
        Array.Clear(_history);
        _position = 0;
        _low = G722Band.Reset(32);
        _high = G722Band.Reset(8);
    }

    /// <summary>Encodes <paramref name="pcm"/> (an even number of 16 kHz samples) into <c>pcm.Length / 2</c> octets.</summary>
    /// <returns>The octets written.</returns>
    public int Encode(ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        if ((pcm.Length & 1) != 0)
        {
            throw new ArgumentException($"G.722 encodes pairs of samples; {pcm.Length} samples is an odd count.", nameof(pcm));
        }

        int octets = pcm.Length / 2;
        if (payload.Length < octets)
        {
            throw new ArgumentException($"Destination holds {payload.Length} bytes; {octets} are needed.", nameof(payload));
        }

        for (int n = 0; n < octets; n++)
        {
            Push(pcm[2 * n]);
            Push(pcm[(2 * n) + 1]);
            Analyse(out int lower, out int higher);
            payload[n] = (byte)((EncodeHigh(higher) << 6) | EncodeLow(lower));
        }

        return octets;
    }

    private void Push(short sample)
    {
        _history[_position] = sample;
        _history[_position + QmfTaps] = sample;
        _position = _position == QmfTaps - 1 ? 0 : _position + 1;
    }

    /// <summary>
    /// The transmit QMF (§3.1): xA = Σ h(2i)·x(j−2i), xB = Σ h(2i+1)·x(j−2i−1); the lower band is xA + xB and the
    /// higher xA − xB, scaled back by 2^14 for 16-bit input.
    /// </summary>
    private void Analyse(out int lower, out int higher)
    {
        // The window, oldest first: window[23] is x(j), window[23 − k] is x(j − k).
        ReadOnlySpan<short> window = _history.AsSpan(_position, QmfTaps);
        var even = G722Tables.QmfEven;
        int sumA = 0;
        int sumB = 0;
        for (int i = 0; i < 12; i++)
        {
            sumA += even[i] * window[23 - (2 * i)];

            // h(2i+1) = h(22 − 2i) = even[11 − i].
            sumB += even[11 - i] * window[22 - (2 * i)];
        }

        lower = (sumA + sumB) >> 14;
        higher = (sumA - sumB) >> 14;
    }

    /// <summary>SUBTRA, QUANTL, INVQAL and the lower band's adaptation (§3.2–3.3); returns the 6-bit code.</summary>
    private int EncodeLow(int lower)
    {
        int difference = G722Band.Saturate(lower - _low.Prediction);
        int magnitude = difference >= 0 ? difference : -(difference + 1);
        var levels = G722Tables.LowDecisionLevels;
        int interval = 1;
        while (interval < 30 && magnitude >= ((levels[interval] * _low.Scale) >> 12))
        {
            interval++;
        }

        int code = difference < 0 ? G722Tables.LowCodeNegative[interval] : G722Tables.LowCodePositive[interval];
        int code4 = code >> 2;
        int quantized = (_low.Scale * G722Tables.LowInverse4[code4]) >> 15;
        _low.AdaptLowScale(G722Tables.LowLogStep[code4]);
        _low.UpdatePredictor(quantized);
        return code;
    }

    /// <summary>SUBTRA, QUANTH, INVQAH and the higher band's adaptation (§3.4–3.5); returns the 2-bit code.</summary>
    private int EncodeHigh(int higher)
    {
        int difference = G722Band.Saturate(higher - _high.Prediction);
        int magnitude = difference >= 0 ? difference : -(difference + 1);
        int interval = magnitude >= ((G722Tables.HighDecisionLevel * _high.Scale) >> 12) ? 2 : 1;
        int code = difference < 0 ? G722Tables.HighCodeNegative[interval] : G722Tables.HighCodePositive[interval];
        int quantized = (_high.Scale * G722Tables.HighInverse[code]) >> 15;
        _high.AdaptHighScale(G722Tables.HighLogStep[code]);
        _high.UpdatePredictor(quantized);
        return code;
    }
}
