namespace EfficientAI.Telephony.Media.Rtp;

/// <summary>
/// Reception statistics of one RTP source: sequence tracking with wrap-around (RFC 3550 A.1), cumulative expected
/// and lost packets (A.3) and interarrival jitter (§6.4.1, A.8). Not thread-safe: one receive loop updates it.
/// </summary>
public sealed class RtpReceiveStatistics
{
    /// <summary>RFC 3550 A.1: a jump ahead by more than this many sequence numbers is suspect.</summary>
    public const int MaxDropout = 3000;

    /// <summary>RFC 3550 A.1: a jump back by up to this many is a late or duplicate packet, not a restart.</summary>
    public const int MaxMisorder = 100;

    private const int SequenceModulus = 1 << 16;

    private readonly int _minSequential;
    private int _probation;
    private ushort _maxSequence;
    private long _cycles;
    private ushort _baseSequence;
    private int _badSequence = SequenceModulus + 1;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private bool _initialised;
    private bool _haveTransit;
    private int _transit;
    private double _jitter;

    /// <summary>Creates statistics for a source with the given RTP clock rate.</summary>
    /// <param name="clockRate">The RTP clock rate, to express jitter in milliseconds.</param>
    /// <param name="minSequential">
    /// How many packets in sequence declare the source valid (RFC 3550 A.1 suggests 2). 0 or 1 trusts the first
    /// packet, which suits a negotiated unicast call where the source is known.
    /// </param>
    public RtpReceiveStatistics(int clockRate, int minSequential = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        ArgumentOutOfRangeException.ThrowIfNegative(minSequential);
        ClockRate = clockRate;
        _minSequential = minSequential;
    }

    /// <summary>The RTP clock rate of the source.</summary>
    public int ClockRate { get; }

    /// <summary>Whether a packet has been accepted as valid yet (probation passed).</summary>
    public bool IsValid => _initialised && _probation == 0;

    /// <summary>The first sequence number counted.</summary>
    public ushort BaseSequence => _baseSequence;

    /// <summary>The highest sequence number seen, extended with the count of wrap-arounds (cycles · 65536 + max).</summary>
    public long ExtendedHighestSequence => _cycles + _maxSequence;

    /// <summary>The packets counted as received, duplicates included (RFC 3550 §6.4.1).</summary>
    public long Received => _received;

    /// <summary>The packets expected: extended highest − base + 1 (RFC 3550 A.3).</summary>
    public long Expected => IsValid ? ExtendedHighestSequence - _baseSequence + 1 : 0;

    /// <summary>
    /// Cumulative packets lost: expected − received. Negative when duplicates outnumber losses, as RFC 3550 §6.4.1
    /// allows.
    /// </summary>
    public long Lost => Expected - _received;

    /// <summary>The interarrival jitter estimate J in timestamp units (RFC 3550 §6.4.1).</summary>
    public double Jitter => _jitter;

    /// <summary>The interarrival jitter in milliseconds.</summary>
    public double JitterMilliseconds => _jitter * 1000.0 / ClockRate;

    /// <summary>
    /// Counts one received packet and updates the jitter estimate.
    /// </summary>
    /// <param name="sequenceNumber">The packet's sequence number.</param>
    /// <param name="rtpTimestamp">The packet's RTP timestamp.</param>
    /// <param name="arrival">The arrival time in the same units as the RTP timestamp (e.g. the media-clock sample index).</param>
    /// <returns>False when the packet is not (yet) counted: in probation or after a suspect jump (RFC 3550 A.1).</returns>
    public bool Update(ushort sequenceNumber, uint rtpTimestamp, long arrival)
    {
        bool counted = UpdateSequence(sequenceNumber);
        if (counted)
        {
            UpdateJitter(rtpTimestamp, arrival);
        }

        return counted;
    }

    /// <summary>
    /// Counts one received packet whose timestamp is not a sampling instant — an RFC 4733 event packet keeps the
    /// event's start timestamp for its whole duration — so it updates loss accounting but not jitter.
    /// </summary>
    /// <returns>False when the packet is not (yet) counted (RFC 3550 A.1).</returns>
    public bool UpdateSequenceOnly(ushort sequenceNumber) => UpdateSequence(sequenceNumber);

    /// <summary>
    /// The fraction of packets lost since the previous call, as the 8-bit fixed-point value of an RTCP reception
    /// report (RFC 3550 A.3); 0 when more arrived than were expected.
    /// </summary>
    public byte TakeFractionLost()
    {
        long expected = Expected;
        long expectedInterval = expected - _expectedPrior;
        long receivedInterval = _received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = _received;
        long lostInterval = expectedInterval - receivedInterval;
        if (expectedInterval == 0 || lostInterval <= 0)
        {
            return 0;
        }

        return (byte)((lostInterval << 8) / expectedInterval);
    }

    private void InitSequence(ushort sequence)
    {
        _baseSequence = sequence;
        _maxSequence = sequence;
        _badSequence = SequenceModulus + 1;
        _cycles = 0;
        _received = 0;
        _receivedPrior = 0;
        _expectedPrior = 0;
        _haveTransit = false;
    }

    /// <summary>RFC 3550 A.1 update_seq, with the first packet initialising the state.</summary>
    private bool UpdateSequence(ushort sequence)
    {
        if (!_initialised)
        {
            _initialised = true;
            InitSequence(sequence);
            if (_minSequential > 1)
            {
                _probation = _minSequential - 1;
                return false;
            }

            _received = 1;
            return true;
        }

        int delta = (ushort)(sequence - _maxSequence);
        if (_probation > 0)
        {
            // A source is valid only after MIN_SEQUENTIAL packets in sequence.
            if (sequence == (ushort)(_maxSequence + 1))
            {
                _probation--;
                _maxSequence = sequence;
                if (_probation == 0)
                {
                    InitSequence(sequence);
                    _received++;
                    return true;
                }
            }
            else
            {
                _probation = _minSequential - 1;
                _maxSequence = sequence;
            }

            return false;
        }

        if (delta < MaxDropout)
        {
            // In order, with a permissible gap; a smaller number than the maximum means the 16 bits wrapped.
            if (sequence < _maxSequence)
            {
                _cycles += SequenceModulus;
            }

            _maxSequence = sequence;
        }
        else if (delta <= SequenceModulus - MaxMisorder)
        {
            // A very large jump: either the sender restarted or a stray packet. Two in sequence mean a restart.
            if (sequence == _badSequence)
            {
                InitSequence(sequence);
            }
            else
            {
                _badSequence = (sequence + 1) & (SequenceModulus - 1);
                return false;
            }
        }

        // Otherwise a duplicate or a reordered packet within MAX_MISORDER: counted, the maximum unchanged.
        _received++;
        return true;
    }

    /// <summary>RFC 3550 A.8: J += (|D| − J) / 16 with D the change in relative transit time.</summary>
    private void UpdateJitter(uint rtpTimestamp, long arrival)
    {
        // Transit is only meaningful as a difference, so 32-bit wrap-around arithmetic is exact here.
        int transit = unchecked((int)((uint)arrival - rtpTimestamp));
        if (_haveTransit)
        {
            int d = Math.Abs(unchecked(transit - _transit));
            _jitter += (d - _jitter) / 16.0;
        }

        _transit = transit;
        _haveTransit = true;
    }
}
