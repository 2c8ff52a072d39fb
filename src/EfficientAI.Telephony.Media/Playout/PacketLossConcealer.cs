namespace EfficientAI.Telephony.Media.Playout;

/// <summary>
/// Fills lost frames of a narrowband PCM stream by repeating its last pitch period, after the idea of ITU-T G.711
/// Appendix I (written here from its description): keep a short history; on the first lost frame find the pitch
/// period by autocorrelation over 5-15 ms and repeat that period, joined by a quarter-period overlap-add; as the loss
/// goes on, repeat more periods (so the buzz of one period does not set in) and attenuate by 20 % per 10 ms after
/// the first 10 ms, reaching silence after 60 ms. The first good frame after a loss is cross-faded from the
/// synthetic signal. One instance per stream, used by one thread; allocates only at construction.
/// </summary>
public sealed class PacketLossConcealer
{
    private readonly int _sampleRate;
    private readonly int _minPitch;
    private readonly int _maxPitch;
    private readonly int _correlationWindow;
    private readonly short[] _history;
    private readonly float[] _pitchBuffer;
    private int _historyFilled;
    private int _pitch;
    private int _periods;
    private int _position;
    private int _erasedSamples;
    private int _overlap;
    private bool _inLoss;

    /// <summary>Creates a concealer for PCM at <paramref name="sampleRate"/> Hz.</summary>
    public PacketLossConcealer(int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 8000);
        _sampleRate = sampleRate;

        // G.711 Appendix I searches pitch periods of 5 to 15 ms (200 Hz down to 66 Hz).
        _minPitch = sampleRate * 5 / 1000;
        _maxPitch = sampleRate * 15 / 1000;
        _correlationWindow = sampleRate * 20 / 1000 / 2;

        // 3.5 maximal periods: enough to repeat three periods and correlate one window behind the last.
        _history = new short[(_maxPitch * 7 / 2) + _correlationWindow];
        _pitchBuffer = new float[_maxPitch * 3];
    }

    /// <summary>The samples of the loss in progress; 0 when the last frame was good.</summary>
    public int ErasedSamples => _erasedSamples;

    /// <summary>Feeds a good frame: remembered as history, and cross-faded in place when it ends a loss.</summary>
    public void OnGoodFrame(Span<short> pcm)
    {
        if (_inLoss)
        {
            // End of erasure: fade from the synthetic continuation into the real signal over a quarter period
            // (longer after a long loss, up to 10 ms), so the seam does not click.
            int fade = Math.Min(pcm.Length, Math.Min(_overlap + (_erasedSamples / 10), _sampleRate / 100));
            float attenuation = Attenuation(_erasedSamples);
            for (int i = 0; i < fade; i++)
            {
                float w = (i + 1) / (float)(fade + 1);
                float synthetic = NextSynthetic() * attenuation;
                pcm[i] = Saturate((synthetic * (1 - w)) + (pcm[i] * w));
            }

            _inLoss = false;
            _erasedSamples = 0;
        }

        Remember(pcm);
    }

    /// <summary>Writes a concealment frame for a lost one.</summary>
    public void Conceal(Span<short> pcm)
    {
        if (_historyFilled < _maxPitch + _correlationWindow)
        {
            // Not enough signal yet to know a pitch: silence is the honest guess.
            pcm.Clear();
            _erasedSamples += pcm.Length;
            Remember(pcm);
            return;
        }

        if (!_inLoss)
        {
            StartLoss();
        }

        for (int i = 0; i < pcm.Length; i++)
        {
            // Appendix I: one period for the first 10 ms, then two, then three, so the repetition varies.
            int elapsedMs = _erasedSamples * 1000 / _sampleRate;
            int wanted = elapsedMs < 10 ? 1 : elapsedMs < 20 ? 2 : 3;
            if (wanted > _periods)
            {
                _periods = wanted;
                LoadPeriods();
            }

            pcm[i] = Saturate(NextSynthetic() * Attenuation(_erasedSamples));
            _erasedSamples++;
        }

        // The history stays the real signal before the loss: longer repetitions are cut from it, not from copies.
    }

    /// <summary>Forgets the history, e.g. when the source changes.</summary>
    public void Reset()
    {
        _historyFilled = 0;
        _inLoss = false;
        _erasedSamples = 0;
    }

    private void StartLoss()
    {
        _inLoss = true;
        _pitch = FindPitch();
        _overlap = Math.Max(1, _pitch / 4);
        _periods = 1;
        LoadPeriods();

        // Start one period back so the synthetic signal continues the last real one; the first quarter period of
        // the copy is overlap-added with the history's tail, which the buffer already holds at its end.
        _position = 0;
    }

    /// <summary>Copies the last <c>_periods</c> pitch periods of history into the synthesis buffer.</summary>
    private void LoadPeriods()
    {
        int length = _pitch * _periods;
        int start = _history.Length - length;
        for (int i = 0; i < length; i++)
        {
            _pitchBuffer[i] = _history[start + i];
        }

        // Quarter-period overlap-add where the buffer wraps, so the end of the last period meets its start smoothly.
        int overlap = Math.Max(1, _pitch / 4);
        for (int i = 0; i < overlap; i++)
        {
            float w = (i + 1) / (float)(overlap + 1);
            int before = start - overlap + i;
            float tail = before >= 0 ? _history[before] : 0;
            _pitchBuffer[length - overlap + i] = (_pitchBuffer[length - overlap + i] * (1 - w)) + (tail * w);
        }

        _position %= length;
    }

    private float NextSynthetic()
    {
        int length = _pitch * _periods;
        float value = _pitchBuffer[_position];
        _position = (_position + 1) % length;
        return value;
    }

    /// <summary>The pitch period that maximises the normalised correlation of the last window with the one a period
    /// earlier.</summary>
    private int FindPitch()
    {
        int end = _history.Length;
        int windowStart = end - _correlationWindow;
        double best = double.NegativeInfinity;
        int bestLag = _maxPitch;
        for (int lag = _minPitch; lag <= _maxPitch; lag++)
        {
            double cross = 0;
            double energy = 0;
            for (int i = 0; i < _correlationWindow; i++)
            {
                double x = _history[windowStart + i];
                double y = _history[windowStart + i - lag];
                cross += x * y;
                energy += y * y;
            }

            double score = energy <= 0 ? 0 : cross / Math.Sqrt(energy);
            if (score > best)
            {
                best = score;
                bestLag = lag;
            }
        }

        return bestLag;
    }

    /// <summary>Appendix I: full level for 10 ms, then −20 % per 10 ms, silent from 60 ms.</summary>
    private float Attenuation(int erasedSamples)
    {
        float ms = erasedSamples * 1000f / _sampleRate;
        return ms <= 10 ? 1f : Math.Max(0f, 1f - ((ms - 10) * 0.02f));
    }

    private void Remember(ReadOnlySpan<short> pcm)
    {
        if (pcm.Length >= _history.Length)
        {
            pcm[^_history.Length..].CopyTo(_history);
        }
        else
        {
            _history.AsSpan(pcm.Length).CopyTo(_history);
            pcm.CopyTo(_history.AsSpan(_history.Length - pcm.Length));
        }

        _historyFilled = Math.Min(_history.Length, _historyFilled + pcm.Length);
    }

    private static short Saturate(float value) => (short)Math.Clamp(MathF.Round(value), short.MinValue, short.MaxValue);
}
