namespace EfficientAI.Telephony.Media.Playout;

/// <summary>
/// An adaptive jitter buffer for one received audio stream, addressed by remote sample index (the unwrapped RTP
/// timestamp). A frame is due at <c>remote index + base + delay</c>, from the transits (arrival − remote index) of the
/// last 64 packets (about 1.3 s at 20 ms): the base is the smallest, the delay the spread up to the largest, kept
/// between the options' bounds. A window rather than the call's minimum lets the schedule follow a sender whose clock
/// runs slow or fast, which would otherwise drift out of any fixed delay. Frames leave in remote order on the player's schedule;
/// a frame whose packet has not come by its due time is concealed (<see cref="PacketLossConcealer"/>), and the
/// packet, if it comes later, is discarded as late. Because the consumer addresses audio by remote index, a change
/// of delay never stretches or cuts audio: it only moves when frames are handed over.
/// </summary>
/// <remarks>
/// <see cref="Insert"/> runs on the receive loop and <see cref="TryPlayNext"/> on the player (the pacer); a lock
/// held for a copy of one frame joins them. Everything is allocated at construction.
/// </remarks>
public sealed class JitterBuffer
{
    /// <summary>640 ms of 20 ms frames: the maximum delay (at most 1 s) plus a burst after a stall of the receiver.</summary>
    private const int Slots = 32;
    private const int WindowLength = 64;

    private readonly Lock _gate = new();
    private readonly int _sampleRate;
    private readonly int _frameSamples;
    private readonly int _slotSamples;
    private readonly long _minDelay;
    private readonly long _maxDelay;
    private readonly long _maxConcealment;
    private readonly short[][] _pcm = new short[Slots][];
    private readonly long[] _index = new long[Slots];
    private readonly int[] _length = new int[Slots];
    private readonly long[] _arrival = new long[Slots];
    private readonly ushort[] _sequence = new ushort[Slots];
    private readonly bool[] _used = new bool[Slots];
    private readonly long[] _transits = new long[WindowLength];
    private readonly PacketLossConcealer _concealer;
    private int _windowCount;
    private int _windowNext;
    private long _base;
    private long _delay;
    private bool _started;
    private long _nextIndex;
    private int _lastLength;
    private ushort _lastSequence;
    private bool _haveLastSequence;
    private long _concealedRun;
    private long _framesPlayed;
    private long _framesConcealed;
    private long _samplesConcealed;
    private long _late;
    private long _duplicate;
    private long _overflow;
    private long _waitTotal;
    private long _waitMax;
    private long _waitCount;

    /// <summary>Creates a buffer for a stream at <paramref name="sampleRate"/> Hz whose packets usually hold
    /// <paramref name="frameSamples"/> samples (packets of up to three times that are accepted, e.g. 60 ms ptime
    /// against 20 ms frames).</summary>
    public JitterBuffer(int sampleRate, int frameSamples, JitterBufferOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameSamples);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _sampleRate = sampleRate;
        _frameSamples = frameSamples;
        _slotSamples = 3 * frameSamples;
        _minDelay = ToSamples(options.MinDelay);
        _maxDelay = ToSamples(options.MaxDelay);
        _maxConcealment = ToSamples(options.MaxConcealment);
        _delay = _minDelay;
        _concealer = new PacketLossConcealer(sampleRate);
        for (int i = 0; i < Slots; i++)
        {
            _pcm[i] = new short[_slotSamples];
        }
    }

    /// <summary>The largest frame accepted, in samples.</summary>
    public int MaxFrameSamples => _slotSamples;

    /// <summary>A snapshot of the counters.</summary>
    public PlayoutCounters Counters
    {
        get
        {
            lock (_gate)
            {
                return new PlayoutCounters(
                    _framesPlayed,
                    _framesConcealed,
                    _samplesConcealed,
                    _late,
                    _duplicate,
                    _overflow,
                    ToMilliseconds(_delay),
                    _waitCount == 0 ? 0 : ToMilliseconds(_waitTotal) / _waitCount,
                    ToMilliseconds(_waitMax));
            }
        }
    }

    /// <summary>Whether any packet is held.</summary>
    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return Array.IndexOf(_used, true) < 0;
            }
        }
    }

    /// <summary>Holds a decoded packet for playout.</summary>
    /// <param name="remoteSampleIndex">Its position in the remote stream.</param>
    /// <param name="sequenceNumber">Its RTP sequence number, to tell a timestamp jump from a loss.</param>
    /// <param name="arrivalSampleIndex">When it arrived, on the local media clock.</param>
    /// <param name="pcm">Its samples, at most <see cref="MaxFrameSamples"/>.</param>
    public JitterBufferInsert Insert(long remoteSampleIndex, ushort sequenceNumber, long arrivalSampleIndex, ReadOnlySpan<short> pcm)
    {
        if (pcm.Length > _slotSamples)
        {
            pcm = pcm[.._slotSamples];
        }

        lock (_gate)
        {
            // Every arrival, late ones included, tells the schedule what the network does now.
            Adapt(arrivalSampleIndex - remoteSampleIndex);
            if (_started && remoteSampleIndex < _nextIndex)
            {
                _late++;
                return JitterBufferInsert.Late;
            }

            int free = -1;
            for (int i = 0; i < Slots; i++)
            {
                if (!_used[i])
                {
                    free = free < 0 ? i : free;
                }
                else if (_index[i] == remoteSampleIndex)
                {
                    _duplicate++;
                    return JitterBufferInsert.Duplicate;
                }
            }

            if (free < 0)
            {
                _overflow++;
                return JitterBufferInsert.Overflow;
            }

            pcm.CopyTo(_pcm[free]);
            _index[free] = remoteSampleIndex;
            _length[free] = pcm.Length;
            _arrival[free] = arrivalSampleIndex;
            _sequence[free] = sequenceNumber;
            _used[free] = true;
            return JitterBufferInsert.Buffered;
        }
    }

    /// <summary>
    /// Releases the next frame if it is due at <paramref name="now"/>: the buffered one, or a concealment when its
    /// packet is missing. Call until it returns false. One player thread only.
    /// </summary>
    /// <param name="now">The local media clock.</param>
    /// <param name="destination">Receives the samples; at least <see cref="MaxFrameSamples"/> long.</param>
    /// <param name="frame">What was released.</param>
    public bool TryPlayNext(long now, Span<short> destination, out PlayedFrame frame) => TryPlay(now, draining: false, destination, out frame);

    /// <summary>
    /// Releases the next held frame whatever its due time, concealing a gap before it; false once nothing is held.
    /// For the end of a stream, when what was received should still reach the sink.
    /// </summary>
    public bool TryDrainNext(Span<short> destination, out PlayedFrame frame)
    {
        if (IsEmpty)
        {
            frame = default;
            return false;
        }

        return TryPlay(long.MaxValue / 4, draining: true, destination, out frame);
    }

    private bool TryPlay(long now, bool draining, Span<short> destination, out PlayedFrame frame)
    {
        frame = default;
        bool concealed;
        lock (_gate)
        {
            if (!TryNextLocked(now, draining, destination, out frame))
            {
                return false;
            }

            concealed = frame.Concealed;
        }

        // The concealer belongs to the player thread, so it runs outside the lock.
        var samples = destination[..frame.Samples];
        if (concealed)
        {
            _concealer.Conceal(samples);
        }
        else
        {
            _concealer.OnGoodFrame(samples);
        }

        return true;
    }

    private bool TryNextLocked(long now, bool draining, Span<short> destination, out PlayedFrame frame)
    {
        frame = default;
        while (true)
        {
            int first = Earliest();
            if (!_started)
            {
                if (first < 0 || Due(_index[first]) > now)
                {
                    return false;
                }

                _started = true;
                _nextIndex = _index[first];
            }

            int slot = Find(_nextIndex);
            if (slot >= 0)
            {
                if (Due(_nextIndex) > now)
                {
                    return false;
                }

                int length = _length[slot];
                _pcm[slot].AsSpan(0, length).CopyTo(destination);
                frame = new PlayedFrame(_nextIndex, length, _arrival[slot], Concealed: false);
                if (!draining)
                {
                    long wait = Math.Max(0, now - _arrival[slot]);
                    _waitTotal += wait;
                    _waitMax = Math.Max(_waitMax, wait);
                    _waitCount++;
                }

                _framesPlayed++;
                _used[slot] = false;
                _nextIndex += length;
                _lastLength = length;
                _lastSequence = _sequence[slot];
                _haveLastSequence = true;
                _concealedRun = 0;
                return true;
            }

            if (first >= 0 && _haveLastSequence && _sequence[first] == unchecked((ushort)(_lastSequence + 1)))
            {
                // The next packet in sequence starts later than the last one ended: the sender skipped time
                // (silence suppression, a new talkspurt, a re-based stream), which is not a loss to conceal.
                _nextIndex = _index[first];
                continue;
            }

            if (Due(_nextIndex) > now)
            {
                return false;
            }

            if (_concealedRun >= _maxConcealment)
            {
                // The stream stopped: no more invented audio. Resume at the next packet when one comes.
                if (first < 0)
                {
                    return false;
                }

                _nextIndex = _index[first];
                _haveLastSequence = false;
                continue;
            }

            int concealment = _lastLength > 0 ? _lastLength : _frameSamples;
            if (first >= 0)
            {
                concealment = (int)Math.Min(concealment, _index[first] - _nextIndex);
            }

            frame = new PlayedFrame(_nextIndex, concealment, draining ? Due(_nextIndex) : now, Concealed: true);
            _framesConcealed++;
            _samplesConcealed += concealment;
            _concealedRun += concealment;
            _nextIndex += concealment;

            // The sequence number of the lost packet is consumed, so the packet after it is "in sequence" again.
            _lastSequence = unchecked((ushort)(_lastSequence + 1));
            return true;
        }
    }

    private long Due(long remoteSampleIndex) => remoteSampleIndex + _base + _delay;

    private int Earliest()
    {
        int best = -1;
        for (int i = 0; i < Slots; i++)
        {
            if (_used[i] && (best < 0 || _index[i] < _index[best]))
            {
                best = i;
            }
        }

        return best;
    }

    private int Find(long remoteSampleIndex)
    {
        for (int i = 0; i < Slots; i++)
        {
            if (_used[i] && _index[i] == remoteSampleIndex)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Sets base and delay from the transits of the recent window.</summary>
    private void Adapt(long transit)
    {
        _transits[_windowNext] = transit;
        _windowNext = (_windowNext + 1) % WindowLength;
        _windowCount = Math.Min(WindowLength, _windowCount + 1);
        long smallest = long.MaxValue;
        long largest = long.MinValue;
        for (int i = 0; i < _windowCount; i++)
        {
            smallest = Math.Min(smallest, _transits[i]);
            largest = Math.Max(largest, _transits[i]);
        }

        _base = smallest;
        _delay = Math.Clamp(largest - smallest, _minDelay, _maxDelay);
    }

    private long ToSamples(TimeSpan duration) => duration.Ticks * _sampleRate / TimeSpan.TicksPerSecond;

    private double ToMilliseconds(long samples) => samples * 1000.0 / _sampleRate;
}
