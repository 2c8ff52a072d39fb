namespace EfficientAI.Telephony.Conversation.Vad;

/// <summary>What the agent side played that is not speech.</summary>
public enum AudioCueKind
{
    /// <summary>One steady tone of 0.15–2 s (a voicemail system's "record after the beep").</summary>
    Beep,

    /// <summary>Seconds of continuous tonal audio whose pitch keeps changing: music, as a caller on hold hears it.</summary>
    HoldMusic,
}

/// <summary>A non-speech cue in the agent's audio, on the media clock.</summary>
public sealed record AudioCue(AudioCueKind Kind, long StartSample, long EndSample, double? FrequencyHz);

/// <summary>
/// Simple detectors of the agent side's non-speech audio, over 20 ms frames: a frame is tonal when one frequency holds
/// most of its energy (estimated from zero crossings, confirmed with a Goertzel filter at that frequency). A beep is a
/// run of tonal frames at one pitch that ends in silence; hold music is seconds of sounding audio, mostly tonal, over several pitches and
/// without the pauses speech has. Allocation-free per frame.
/// </summary>
public sealed class AgentAudioDetector
{
    private const double ToneShare = 0.7;
    private const double SilenceDbfs = -45;

    private readonly int _sampleRate;
    private readonly long _beepMin;
    private readonly long _beepMax;
    private readonly long _musicMin;
    private readonly long _musicGapMax;

    // Current run of tonal frames at one pitch.
    private long _toneStart = -1;
    private long _toneEnd;
    private double _toneHz;

    // Current stretch of sounding audio (no gap longer than _musicGapMax).
    private long _soundStart = -1;
    private long _soundEnd;
    private long _lastLoud = -1;
    private int _soundFrames;
    private int _tonalFrames;
    private readonly HashSet<int> _pitches = [];
    private bool _musicReported;

    public AgentAudioDetector(int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        _sampleRate = sampleRate;
        _beepMin = sampleRate * 15 / 100;
        _beepMax = sampleRate * 2;
        _musicMin = sampleRate * 4;
        _musicGapMax = sampleRate * 15 / 100;
    }

    /// <summary>One frame of the agent's audio; returns a cue when one is complete (a beep when it ends, music once it is certain).</summary>
    public AudioCue? Process(long sampleIndex, ReadOnlySpan<short> frame)
    {
        if (frame.IsEmpty)
        {
            return null;
        }

        // Frequency from the zero crossings: (crossings − 1) half periods between the first and the last one, each
        // placed between its two samples by linear interpolation.
        double energy = (double)frame[0] * frame[0];
        int crossings = 0;
        double first = 0, last = 0;
        for (int i = 1; i < frame.Length; i++)
        {
            energy += (double)frame[i] * frame[i];
            if ((frame[i - 1] < 0) != (frame[i] < 0))
            {
                double at = i - 1 + (frame[i - 1] / (double)(frame[i - 1] - frame[i]));
                if (crossings++ == 0)
                {
                    first = at;
                }

                last = at;
            }
        }

        double dbfs = energy <= 0 ? -120 : 10 * Math.Log10(energy / frame.Length / (32768.0 * 32768.0));
        bool loud = dbfs > SilenceDbfs;
        double hz = crossings >= 3 && last > first ? (crossings - 1) * (double)_sampleRate / (2.0 * (last - first)) : 0;
        bool tonal = loud && hz is >= 150 and <= 3400 && Goertzel(frame, hz) / Math.Max(1, energy) >= ToneShare;
        long end = sampleIndex + frame.Length;

        AudioCue? cue = TrackBeep(sampleIndex, end, loud, tonal, hz);
        return TrackMusic(sampleIndex, end, loud, tonal, hz) ?? cue;
    }

    private AudioCue? TrackBeep(long start, long end, bool loud, bool tonal, double hz)
    {
        if (tonal && _toneStart >= 0 && Math.Abs(hz - _toneHz) <= _toneHz * 0.04)
        {
            _toneEnd = end;
            return null;
        }

        // A beep ends in silence (the box starts recording); a tone followed at once by other sound is a note of music.
        AudioCue? cue = null;
        long length = _toneEnd - _toneStart;
        if (_toneStart >= 0 && !loud && length >= _beepMin && length <= _beepMax)
        {
            cue = new AudioCue(AudioCueKind.Beep, _toneStart, _toneEnd, Math.Round(_toneHz));
        }

        _toneStart = tonal ? start : -1;
        _toneEnd = end;
        _toneHz = hz;
        return cue;
    }

    private AudioCue? TrackMusic(long start, long end, bool loud, bool tonal, double hz)
    {
        if (loud)
        {
            if (_soundStart < 0 || start - _lastLoud > _musicGapMax)
            {
                _soundStart = start;
                _soundFrames = 0;
                _tonalFrames = 0;
                _pitches.Clear();
                _musicReported = false;
            }

            _lastLoud = end;
            _soundEnd = end;
            _soundFrames++;
            if (tonal)
            {
                _tonalFrames++;
                _pitches.Add((int)Math.Round(12 * Math.Log2(hz / 440.0)));
            }

            if (!_musicReported && _soundEnd - _soundStart >= _musicMin && _tonalFrames >= _soundFrames * 0.6 && _pitches.Count >= 3)
            {
                _musicReported = true;
                return new AudioCue(AudioCueKind.HoldMusic, _soundStart, _soundEnd, null);
            }
        }

        return null;
    }

    /// <summary>Power at <paramref name="hz"/> scaled to compare with the frame's energy (a pure tone gives about 1).</summary>
    private double Goertzel(ReadOnlySpan<short> frame, double hz)
    {
        double coefficient = 2 * Math.Cos(2 * Math.PI * hz / _sampleRate);
        double s1 = 0, s2 = 0;
        for (int i = 0; i < frame.Length; i++)
        {
            double s0 = frame[i] + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        double power = (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
        return 2 * power / frame.Length;
    }
}
