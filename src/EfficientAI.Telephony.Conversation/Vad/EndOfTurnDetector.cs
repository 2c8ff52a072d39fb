namespace EfficientAI.Telephony.Conversation.Vad;

/// <summary>
/// Finds turns in a stream of frames stamped with sample indices. A turn starts at its first voiced
/// sample once voiced samples have spanned <see cref="EndOfTurnOptions.MinSpeech"/> without a gap
/// longer than <see cref="EndOfTurnOptions.OnsetMaxGap"/>, and ends at its last voiced sample once
/// <see cref="Hangover"/> of silence has followed it. Both edges are exact samples, independent of
/// where frame boundaries fall; gaps in the sample indices (lost packets) count as silence.
/// </summary>
/// <remarks>
/// Not thread-safe: one thread (the one receiving the audio) feeds it. No allocation per frame.
/// A frame may hold at most <see cref="MaxFrameLength"/> samples, which guarantees that one frame
/// changes the state at most once.
/// </remarks>
public sealed class EndOfTurnDetector
{
    private readonly EnergyVad _vad;
    private readonly int _sampleRate;
    private readonly long _minSpeech;
    private readonly long _onsetMaxGap;
    private long _hangover;
    private State _state;
    private long _candidateStart;
    private long _lastVoiced = -1;

    public EndOfTurnDetector(int sampleRate, EndOfTurnOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        Options = options ?? new EndOfTurnOptions();
        Options.Validate();
        _sampleRate = sampleRate;
        _vad = new EnergyVad(Options.Vad);
        _minSpeech = ToSamples(Options.MinSpeech);
        _onsetMaxGap = ToSamples(Options.OnsetMaxGap);
        _hangover = ToSamples(Options.Hangover);
    }

    private enum State
    {
        Silence,
        Onset,
        Speaking,
    }

    public EndOfTurnOptions Options { get; }

    /// <summary>Silence that ends a turn; may change between frames (e.g. a longer one for a greeting).</summary>
    public TimeSpan Hangover
    {
        get => TimeSpan.FromTicks(_hangover * TimeSpan.TicksPerSecond / _sampleRate);
        set
        {
            if (value < TimeSpan.FromMilliseconds(20))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Hangover must be at least 20 ms (one frame).");
            }

            _hangover = ToSamples(value);
        }
    }

    /// <summary>Largest frame <see cref="Process"/> accepts: min(hangover, min speech) in samples.</summary>
    public int MaxFrameLength => (int)Math.Min(_hangover, _minSpeech);

    /// <summary>True between a confirmed start and its end.</summary>
    public bool IsSpeaking => _state == State.Speaking;

    /// <summary>First voiced sample of the turn in progress, or −1.</summary>
    public long CurrentTurnStart => _state == State.Speaking ? _candidateStart : -1;

    /// <summary>Latest voiced sample seen (part of a turn or not), or −1.</summary>
    public long LastVoicedSample => _lastVoiced;

    /// <summary>Feeds the frame whose first sample has index <paramref name="sampleIndex"/>.</summary>
    public TurnEdge Process(long sampleIndex, ReadOnlySpan<short> frame)
    {
        if (frame.Length > MaxFrameLength)
        {
            throw new ArgumentException($"A frame of {frame.Length} samples is longer than {MaxFrameLength} (the hangover or minimum speech); split it.", nameof(frame));
        }

        TurnEdge edge = TurnEdge.None;
        int position = 0;
        while (true)
        {
            int voiced = position < frame.Length ? _vad.FindFirstVoicedSample(frame, position) : -1;
            long next = voiced < 0 ? sampleIndex + frame.Length : sampleIndex + voiced;

            // The samples strictly between the last voiced one and `next` are silent.
            if (_state != State.Silence)
            {
                long silent = next - _lastVoiced - 1;
                if (_state == State.Onset && silent >= _onsetMaxGap)
                {
                    _state = State.Silence;
                }
                else if (_state == State.Speaking && silent >= _hangover)
                {
                    _state = State.Silence;
                    edge = new TurnEdge(TurnEdgeKind.SpeechEnded, _lastVoiced, _lastVoiced + _hangover);
                }
            }

            if (voiced < 0)
            {
                return edge;
            }

            if (_state == State.Silence)
            {
                _state = State.Onset;
                _candidateStart = next;
            }

            _lastVoiced = next;
            position = voiced + 1;
            if (_state == State.Onset && next - _candidateStart + 1 >= _minSpeech)
            {
                _state = State.Speaking;
                edge = new TurnEdge(TurnEdgeKind.SpeechStarted, _candidateStart, next);
            }

            if (_state == State.Speaking)
            {
                // Within one frame (≤ hangover) no gap can end the turn, so only the frame's last
                // voiced sample matters from here on.
                int last = _vad.FindLastVoicedSample(frame);
                _lastVoiced = sampleIndex + last;
                return edge;
            }
        }
    }

    /// <summary>Ends a turn in progress at its last voiced sample (e.g. when the call ends mid-speech).</summary>
    public TurnEdge Flush()
    {
        State state = _state;
        _state = State.Silence;
        return state == State.Speaking
            ? new TurnEdge(TurnEdgeKind.SpeechEnded, _lastVoiced, _lastVoiced)
            : TurnEdge.None;
    }

    /// <summary>Forgets all state, as for a new stream.</summary>
    public void Reset()
    {
        _state = State.Silence;
        _lastVoiced = -1;
        _candidateStart = 0;
    }

    /// <summary>All turns in a recording (e.g. one side of a call's WAV), with sample 0 at its start.</summary>
    public static IReadOnlyList<SpeechSegment> FindTurns(ReadOnlySpan<short> audio, int sampleRate, EndOfTurnOptions? options = null)
    {
        var detector = new EndOfTurnDetector(sampleRate, options);
        var turns = new List<SpeechSegment>();
        long start = -1;
        int chunk = detector.MaxFrameLength;
        for (int offset = 0; offset < audio.Length; offset += chunk)
        {
            Collect(detector.Process(offset, audio.Slice(offset, Math.Min(chunk, audio.Length - offset))));
        }

        Collect(detector.Flush());
        return turns;

        void Collect(TurnEdge edge)
        {
            if (edge.Kind == TurnEdgeKind.SpeechStarted)
            {
                start = edge.SampleIndex;
            }
            else if (edge.Kind == TurnEdgeKind.SpeechEnded)
            {
                turns.Add(new SpeechSegment(start, edge.SampleIndex));
            }
        }
    }

    private long ToSamples(TimeSpan duration) =>
        Math.Max(1, (long)Math.Round(duration.TotalSeconds * _sampleRate, MidpointRounding.AwayFromZero));
}
