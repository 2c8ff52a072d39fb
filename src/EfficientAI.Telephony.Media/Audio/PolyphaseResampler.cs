namespace EfficientAI.Telephony.Media.Audio;

/// <summary>
/// An allocation-free resampler by an integer factor (1:L up or L:1 down) through one linear-phase FIR low-pass: a
/// Blackman-windowed sinc of <c>L · tapsPerPhase</c> taps cut off just below the lower rate's Nyquist frequency, run in
/// polyphase form so only the non-zero products are computed. Stateful: one instance per direction of one stream; the
/// filter history carries across frames, so consecutive frames join without clicks.
/// </summary>
/// <remarks>The group delay is (taps − 1) / 2 samples at the higher rate: 31.5 samples (≈ 2 ms at 16 kHz) for 1:2,
/// 95.5 (≈ 2 ms at 48 kHz) for 1:6, with the default 32 taps per phase.</remarks>
public sealed class PolyphaseResampler
{
    /// <summary>The default filter length per polyphase branch.</summary>
    public const int DefaultTapsPerPhase = 32;

    // Cut-off as a fraction of the lower rate: 0.475 of 8 kHz is 3.8 kHz, above the 3.4 kHz telephone band.
    private const double CutoffFraction = 0.475;

    private readonly float[] _coefficients;   // Polyphase order: branch p holds taps p, p + L, p + 2L, …
    private readonly float[] _history;        // The last TapsPerPhase (up) or Taps (down) input samples, doubled.
    private readonly int _window;
    private int _position;
    private int _phase;

    private PolyphaseResampler(int factor, bool up, int tapsPerPhase)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(tapsPerPhase, 4);
        Factor = factor;
        IsUpsampler = up;
        int taps = factor * tapsPerPhase;
        TapsPerPhase = tapsPerPhase;

        // The prototype at the higher rate: sinc cut off at CutoffFraction / factor (of the higher rate's Nyquist band
        // edge), Blackman window, normalised to unit DC gain per output sample.
        var prototype = new double[taps];
        double cutoff = CutoffFraction / factor;
        double centre = (taps - 1) / 2.0;
        double sum = 0;
        for (int n = 0; n < taps; n++)
        {
            double x = n - centre;
            double sinc = x == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
            double window = 0.42 - (0.5 * Math.Cos(2 * Math.PI * n / (taps - 1))) + (0.08 * Math.Cos(4 * Math.PI * n / (taps - 1)));
            prototype[n] = sinc * window;
            sum += prototype[n];
        }

        // Up: each branch sees one real sample in L, so the gain is L (sum/L per branch → 1). Down: gain 1.
        double gain = (up ? factor : 1) / sum;
        _coefficients = new float[taps];
        for (int p = 0; p < factor; p++)
        {
            for (int k = 0; k < tapsPerPhase; k++)
            {
                _coefficients[(p * tapsPerPhase) + k] = (float)(prototype[p + (k * factor)] * gain);
            }
        }

        _window = up ? tapsPerPhase : taps;
        _history = new float[2 * _window];
    }

    /// <summary>The rate ratio.</summary>
    public int Factor { get; }

    /// <summary>Whether this raises the rate (else it lowers it).</summary>
    public bool IsUpsampler { get; }

    /// <summary>The taps of each polyphase branch.</summary>
    public int TapsPerPhase { get; }

    /// <summary>A resampler from rate r to rate <paramref name="factor"/> · r.</summary>
    public static PolyphaseResampler Up(int factor, int tapsPerPhase = DefaultTapsPerPhase) => new(factor, up: true, tapsPerPhase);

    /// <summary>A resampler from rate <paramref name="factor"/> · r to rate r.</summary>
    public static PolyphaseResampler Down(int factor, int tapsPerPhase = DefaultTapsPerPhase) => new(factor, up: false, tapsPerPhase);

    /// <summary>Clears the history, as at the start of a stream.</summary>
    public void Reset()
    {
        Array.Clear(_history);
        _position = 0;
        _phase = 0;
    }

    /// <summary>
    /// Resamples <paramref name="input"/> into <paramref name="output"/>, which must hold exactly
    /// <c>input.Length · Factor</c> samples (up) or <c>input.Length / Factor</c> (down, input a multiple of Factor).
    /// </summary>
    /// <returns>The samples written.</returns>
    public int Process(ReadOnlySpan<short> input, Span<short> output)
    {
        return IsUpsampler ? ProcessUp(input, output) : ProcessDown(input, output);
    }

    private int ProcessUp(ReadOnlySpan<short> input, Span<short> output)
    {
        int needed = input.Length * Factor;
        if (output.Length < needed)
        {
            throw new ArgumentException($"Upsampling {input.Length} samples by {Factor} needs {needed} output samples; got {output.Length}.", nameof(output));
        }

        int written = 0;
        for (int i = 0; i < input.Length; i++)
        {
            Push(input[i]);

            // The window, oldest first, ends with the sample just pushed.
            ReadOnlySpan<float> window = _history.AsSpan(_position, _window);
            for (int p = 0; p < Factor; p++)
            {
                ReadOnlySpan<float> branch = _coefficients.AsSpan(p * TapsPerPhase, TapsPerPhase);
                float acc = 0;
                for (int k = 0; k < TapsPerPhase; k++)
                {
                    acc += branch[k] * window[_window - 1 - k];
                }

                output[written++] = Clip(acc);
            }
        }

        return written;
    }

    private int ProcessDown(ReadOnlySpan<short> input, Span<short> output)
    {
        if (input.Length % Factor != 0)
        {
            throw new ArgumentException($"Downsampling by {Factor} needs a multiple of {Factor} input samples; got {input.Length}.", nameof(input));
        }

        int needed = input.Length / Factor;
        if (output.Length < needed)
        {
            throw new ArgumentException($"Downsampling {input.Length} samples by {Factor} needs {needed} output samples; got {output.Length}.", nameof(output));
        }

        int written = 0;
        for (int i = 0; i < input.Length; i++)
        {
            Push(input[i]);
            if (++_phase < Factor)
            {
                continue;
            }

            _phase = 0;
            ReadOnlySpan<float> window = _history.AsSpan(_position, _window);
            float acc = 0;
            for (int p = 0; p < Factor; p++)
            {
                ReadOnlySpan<float> branch = _coefficients.AsSpan(p * TapsPerPhase, TapsPerPhase);
                for (int k = 0; k < TapsPerPhase; k++)
                {
                    // Tap p + k·L of the prototype multiplies the sample (p + k·L) back from the newest.
                    acc += branch[k] * window[_window - 1 - p - (k * Factor)];
                }
            }

            output[written++] = Clip(acc);
        }

        return written;
    }

    private void Push(short sample)
    {
        _history[_position] = sample;
        _history[_position + _window] = sample;
        _position = _position == _window - 1 ? 0 : _position + 1;
    }

    private static short Clip(float value)
    {
        float rounded = MathF.Round(value);
        return rounded >= short.MaxValue ? short.MaxValue : rounded <= short.MinValue ? short.MinValue : (short)rounded;
    }
}
