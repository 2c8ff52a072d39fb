using System.Collections.Concurrent;
using System.Numerics;

namespace EfficientAI.Telephony.Conversation.Audio;

/// <summary>
/// Band-limited sample-rate conversion of mono PCM16 between any two rates (22050→8000 for espeak-ng,
/// 16000↔8000 for speech recognisers, 48000↔8000 for Opus), by windowed-sinc interpolation.
/// </summary>
/// <remarks>
/// The ratio is reduced to L/M (output/input over their gcd); output sample j sits at input position
/// j·M/L, so only L distinct fractional phases exist and their taps are computed once (a polyphase
/// table). Ratios whose L is too large for a table (e.g. 44100→8001) evaluate the kernel per output
/// sample instead, which is slower but exact.
/// The low-pass is centred at <see cref="CutoffFraction"/> of the lower Nyquist frequency with a
/// Kaiser window (β = 7.86, about −80 dB side lobes) over 32 zero crossings per side, which puts the
/// transition band at roughly 0.84–1.0 × Nyquist: at 8 kHz the telephone band (≤ 3.4 kHz) passes
/// flat and anything from 4 kHz up is removed rather than folded back into the band (no aliasing).
/// The conversion works on whole buffers: output sample 0 is aligned with input sample 0 (the
/// filter is symmetric and sees zeros beyond both ends), so timing is preserved and the output
/// length is exactly round(n·out/in).
/// </remarks>
public sealed class Resampler
{
    /// <summary>Pass band edge as a fraction of the lower of the two Nyquist frequencies.</summary>
    public const double CutoffFraction = 0.92;

    // Kaiser's design rule: transition width ≈ (A − 7.95) / (14.36 · taps) of the sample rate for
    // A dB of attenuation; A = 80 dB (β = 0.1102·(A − 8.7)) over 64 lower-rate taps gives ≈ 0.078·fs.
    private const int ZeroCrossings = 32;
    private const double KaiserBeta = 7.86;
    private const int MaxTablePhases = 2048;

    private static readonly ConcurrentDictionary<(int In, int Out), Resampler> Shared = new();

    private readonly int _up;      // L
    private readonly int _down;    // M
    private readonly double _cutoff;     // relative to the input Nyquist frequency
    private readonly double _halfWidth;  // kernel half width in input samples
    private readonly int _tapsPerPhase;  // 2·H
    private readonly float[]? _table;    // [phase · _tapsPerPhase + tap]

    public Resampler(int inputRate, int outputRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputRate);
        InputRate = inputRate;
        OutputRate = outputRate;
        int gcd = GreatestCommonDivisor(inputRate, outputRate);
        _up = outputRate / gcd;
        _down = inputRate / gcd;
        _cutoff = CutoffFraction * Math.Min(1.0, (double)outputRate / inputRate);
        _halfWidth = ZeroCrossings / _cutoff;
        _tapsPerPhase = 2 * (int)Math.Ceiling(_halfWidth);
        if (_up <= MaxTablePhases && !IsIdentity)
        {
            _table = new float[_up * _tapsPerPhase];
            for (int phase = 0; phase < _up; phase++)
            {
                ComputeTaps((double)phase / _up, _table.AsSpan(phase * _tapsPerPhase, _tapsPerPhase));
            }
        }
    }

    public int InputRate { get; }

    public int OutputRate { get; }

    private bool IsIdentity => _up == 1 && _down == 1;

    /// <summary>round(n·out/in), halves rounded up.</summary>
    public int GetOutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        return checked((int)((2L * inputLength * _up + _down) / (2L * _down)));
    }

    /// <summary>Converts <paramref name="input"/> into a new array of <see cref="GetOutputLength"/> samples.</summary>
    public short[] Resample(ReadOnlySpan<short> input)
    {
        var output = new short[GetOutputLength(input.Length)];
        Resample(input, output);
        return output;
    }

    /// <summary>Converts <paramref name="input"/> into <paramref name="output"/>, which must hold exactly <see cref="GetOutputLength"/> samples.</summary>
    public void Resample(ReadOnlySpan<short> input, Span<short> output)
    {
        int expected = GetOutputLength(input.Length);
        if (output.Length != expected)
        {
            throw new ArgumentException($"The output must hold exactly {expected} samples for {input.Length} input samples at {InputRate}→{OutputRate} Hz, not {output.Length}.", nameof(output));
        }

        if (IsIdentity)
        {
            input.CopyTo(output);
            return;
        }

        // The input as floats with a kernel's width of zeros on each side, so every output sample is
        // one contiguous dot product with no edge cases.
        int half = _tapsPerPhase / 2;
        float[] padded = new float[input.Length + (2 * _tapsPerPhase)];
        for (int i = 0; i < input.Length; i++)
        {
            padded[_tapsPerPhase + i] = input[i];
        }

        float[]? scratch = _table is null ? new float[_tapsPerPhase] : null;
        for (int j = 0; j < output.Length; j++)
        {
            long position = (long)j * _down;
            long centre = position / _up;
            int phase = (int)(position % _up);
            ReadOnlySpan<float> taps;
            if (_table is not null)
            {
                taps = _table.AsSpan(phase * _tapsPerPhase, _tapsPerPhase);
            }
            else
            {
                ComputeTaps((double)phase / _up, scratch);
                taps = scratch;
            }

            // Tap i multiplies input sample (centre − half + 1 + i).
            int first = (int)(centre - half + 1) + _tapsPerPhase;
            output[j] = Saturate(Dot(taps, padded.AsSpan(first, _tapsPerPhase)));
        }
    }

    /// <summary>Converts a whole buffer between two rates (the filter for each rate pair is built once and shared).</summary>
    public static short[] Resample(ReadOnlySpan<short> input, int inputRate, int outputRate)
    {
        if (inputRate == outputRate)
        {
            return input.ToArray();
        }

        return For(inputRate, outputRate).Resample(input);
    }

    /// <summary>The clip at <paramref name="outputRate"/>; the same instance when it already has that rate.</summary>
    public static AudioClip Resample(AudioClip clip, int outputRate)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return clip.SampleRate == outputRate
            ? clip
            : new AudioClip(For(clip.SampleRate, outputRate).Resample(clip.Samples), outputRate);
    }

    private static Resampler For(int inputRate, int outputRate) =>
        Shared.GetOrAdd((inputRate, outputRate), static key => new Resampler(key.In, key.Out));

    // Taps for an output sample that lies `fraction` of an input sample after input sample `centre`;
    // tap i sits at distance τ = fraction + H − 1 − i from the output position.
    private void ComputeTaps(double fraction, Span<float> taps)
    {
        int half = _tapsPerPhase / 2;
        double sum = 0;
        for (int i = 0; i < taps.Length; i++)
        {
            double tau = fraction + half - 1 - i;
            double value = Kernel(tau);
            taps[i] = (float)value;
            sum += value;
        }

        // Unity gain at DC for every phase, so a constant input stays constant (no phase-dependent ripple).
        for (int i = 0; i < taps.Length; i++)
        {
            taps[i] = (float)(taps[i] / sum);
        }
    }

    private double Kernel(double tau)
    {
        if (Math.Abs(tau) >= _halfWidth)
        {
            return 0;
        }

        double x = _cutoff * tau;
        double sinc = x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
        double r = tau / _halfWidth;
        double window = BesselI0(KaiserBeta * Math.Sqrt(1 - (r * r))) / BesselI0(KaiserBeta);
        return _cutoff * sinc * window;
    }

    // Zeroth-order modified Bessel function of the first kind, by its power series (converges fast for β ≤ 10).
    private static double BesselI0(double x)
    {
        double sum = 1, term = 1, quarterSquare = x * x / 4;
        for (int k = 1; k < 50; k++)
        {
            term *= quarterSquare / ((double)k * k);
            sum += term;
            if (term < sum * 1e-12)
            {
                break;
            }
        }

        return sum;
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        int i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            sum += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        }

        double total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }

    private static short Saturate(double value)
    {
        double rounded = Math.Round(value, MidpointRounding.AwayFromZero);
        return rounded >= short.MaxValue ? short.MaxValue : rounded <= short.MinValue ? short.MinValue : (short)rounded;
    }

    private static int GreatestCommonDivisor(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
