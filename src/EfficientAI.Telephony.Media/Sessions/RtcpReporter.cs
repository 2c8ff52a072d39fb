using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using EfficientAI.Telephony.Media.Rtcp;

namespace EfficientAI.Telephony.Media.Sessions;

/// <summary>
/// The RTCP half of one session (RFC 3550 §6): when to report, what a compound report holds, and what the peer's
/// reports say — its SR (for LSR/DLSR), its reception report on our stream and the round trip. It owns no socket:
/// the session sends what it writes (from the pacer tick, so a thousand calls still need no timer each) and hands
/// it what arrives. Reports are written by one thread at a time, received ones processed by one receive loop; the
/// state both touch is under a lock held for a few field copies.
/// </summary>
internal sealed class RtcpReporter
{
    /// <summary>The largest compound packet written: SR with one block (52) + SDES with a 32-octet CNAME (44) + BYE (8).</summary>
    public const int MaxCompoundLength = 128;

    private readonly TimeProvider _time;
    private readonly uint _ssrc;
    private readonly int _clockRate;
    private readonly byte[] _cname;
    private readonly Lock _gate = new();
    private readonly DateTimeOffset _utcAnchor;
    private readonly long _timestampAnchor;
    private readonly TimeSpan _interval;
    private long _nextReport;
    private long _sentAtLastReport;
    private long _sentAtPreviousReport;
    private long _reportsSent;
    private long _reportsReceived;
    private long _reportsIgnored;
    private double _receiveFractionLost;

    // Under _gate: the peer's latest SR and report on us.
    private bool _haveSenderReport;
    private uint _senderReportSsrc;
    private uint _lastSenderReport;
    private long _lastSenderReportArrival;
    private long _peerPacketsSent;
    private long _peerOctetsSent;
    private RtcpPeerReport? _peerReport;
    private double? _roundTripMs;
    private bool _peerSentBye;
    private uint _peerSsrc;
    private bool _havePeerSsrc;

    public RtcpReporter(TimeProvider time, uint ssrc, int clockRate, TimeSpan interval)
    {
        _time = time;
        _ssrc = ssrc;
        _clockRate = clockRate;
        _interval = interval;
        _utcAnchor = time.GetUtcNow();
        _timestampAnchor = time.GetTimestamp();

        // RFC 7022 §4.2: a per-session random CNAME (96 random bits, base64) rather than user@host, which would
        // identify the machine and collide between calls from one host.
        Span<byte> random = stackalloc byte[12];
        RandomNumberGenerator.Fill(random);
        _cname = Encoding.ASCII.GetBytes(Convert.ToBase64String(random));

        // RFC 3550 §6.2: the first report may go out after half the minimum interval.
        _nextReport = _timestampAnchor + Randomised(interval / 2);
    }

    /// <summary>Now, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long Now => _time.GetTimestamp();

    /// <summary>The mean report interval (RFC 3550 §6.2 minimum 5 s; shorter values suit tests).</summary>
    public TimeSpan Interval => _interval;

    public RtcpCounters Counters
    {
        get
        {
            lock (_gate)
            {
                return new RtcpCounters(
                    Interlocked.Read(ref _reportsSent),
                    Interlocked.Read(ref _reportsReceived),
                    Interlocked.Read(ref _reportsIgnored),
                    Volatile.Read(ref _receiveFractionLost),
                    _peerReport,
                    _haveSenderReport ? _peerPacketsSent : null,
                    _haveSenderReport ? _peerOctetsSent : null,
                    _roundTripMs,
                    _peerSentBye);
            }
        }
    }

    /// <summary>
    /// Whether a report is due at <paramref name="timestamp"/>; if so, the next one is scheduled. RFC 3550 §6.3.1
    /// randomises each interval over [0.5, 1.5] of the mean so that reports of many sessions do not synchronise.
    /// </summary>
    public bool IsDue(long timestamp)
    {
        if (timestamp < _nextReport)
        {
            return false;
        }

        _nextReport = timestamp + Randomised(_interval);
        return true;
    }

    /// <summary>
    /// Writes one compound packet: SR when we sent RTP since the report before last (RFC 3550 §6.4), else RR; the
    /// reception block when we have one; SDES CNAME; and BYE when <paramref name="goodbye"/>.
    /// </summary>
    /// <param name="destination">At least <see cref="MaxCompoundLength"/> octets.</param>
    /// <param name="timestamp">Now, as a <see cref="TimeProvider"/> timestamp.</param>
    /// <param name="sender">Our sender state; its NTP field is filled here.</param>
    /// <param name="packetsSent">Our RTP packets sent so far, to decide SR or RR.</param>
    /// <param name="reception">The reception block on the peer's stream, without LSR/DLSR; null when none.</param>
    /// <param name="goodbye">Append a BYE (RFC 3550 §6.6) because the session ends.</param>
    public int Write(Span<byte> destination, long timestamp, RtcpSenderInfo sender, long packetsSent, RtcpReportBlock? reception, bool goodbye)
    {
        var blocks = default(RtcpReportBlock);
        int blockCount = 0;
        if (reception is { } block)
        {
            Volatile.Write(ref _receiveFractionLost, block.FractionLostRatio);
            lock (_gate)
            {
                if (_haveSenderReport && _senderReportSsrc == block.Ssrc)
                {
                    // RFC 3550 §6.4.1: LSR echoes the middle of the peer's last SR, DLSR the time we held it.
                    var held = _time.GetElapsedTime(_lastSenderReportArrival, timestamp);
                    block = block with { LastSenderReport = _lastSenderReport, DelaySinceLastSenderReport = NtpTimestamp.ToCompactDuration(held) };
                }
            }

            blocks = block;
            blockCount = 1;
        }

        var reports = new ReadOnlySpan<RtcpReportBlock>(in blocks)[..blockCount];
        bool isSender = packetsSent > _sentAtPreviousReport;
        _sentAtPreviousReport = _sentAtLastReport;
        _sentAtLastReport = packetsSent;
        int length = isSender
            ? RtcpCompoundWriter.WriteSenderReport(destination, _ssrc, sender with { NtpTimestamp = NtpAt(timestamp) }, reports)
            : RtcpCompoundWriter.WriteReceiverReport(destination, _ssrc, reports);
        length += RtcpCompoundWriter.WriteSourceDescription(destination[length..], _ssrc, _cname);
        if (goodbye)
        {
            length += RtcpCompoundWriter.WriteGoodbye(destination[length..], _ssrc);
        }

        return length;
    }

    /// <summary>Counts a report that reached the socket.</summary>
    public void OnSent() => Interlocked.Increment(ref _reportsSent);

    /// <summary>Reads a received compound packet.</summary>
    /// <param name="datagram">The datagram.</param>
    /// <param name="arrival">Its arrival as a <see cref="TimeProvider"/> timestamp.</param>
    public void Process(ReadOnlySpan<byte> datagram, long arrival)
    {
        if (!RtcpCompoundReader.IsValid(datagram))
        {
            Interlocked.Increment(ref _reportsIgnored);
            return;
        }

        // RFC 3550 §8.2: a report with our own SSRC is our packet coming back (an echoing peer), not the peer's.
        if (BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == _ssrc)
        {
            Interlocked.Increment(ref _reportsIgnored);
            return;
        }

        var reader = new RtcpCompoundReader(datagram);
        lock (_gate)
        {
            while (reader.TryRead(out var packet))
            {
                switch (packet.Type)
                {
                    case (byte)RtcpPacketType.SenderReport when packet.Body.Length >= 4 + RtcpSenderInfo.Length:
                        uint sender = BinaryPrimitives.ReadUInt32BigEndian(packet.Body);
                        var info = RtcpSenderInfo.Read(packet.Body[4..]);
                        _haveSenderReport = true;
                        _senderReportSsrc = sender;
                        _lastSenderReport = info.NtpTimestamp.Compact;
                        _lastSenderReportArrival = arrival;
                        _peerPacketsSent = info.PacketCount;
                        _peerOctetsSent = info.OctetCount;
                        NotePeer(sender);
                        ReadBlocks(packet.Body[(4 + RtcpSenderInfo.Length)..], packet.Count, arrival);
                        break;
                    case (byte)RtcpPacketType.ReceiverReport when packet.Body.Length >= 4:
                        NotePeer(BinaryPrimitives.ReadUInt32BigEndian(packet.Body));
                        ReadBlocks(packet.Body[4..], packet.Count, arrival);
                        break;
                    case (byte)RtcpPacketType.Goodbye:
                        for (int i = 0; i < packet.Count && (4 * i) + 4 <= packet.Body.Length; i++)
                        {
                            uint leaving = BinaryPrimitives.ReadUInt32BigEndian(packet.Body[(4 * i)..]);
                            _peerSentBye |= _havePeerSsrc && leaving == _peerSsrc;
                        }

                        break;
                }
            }
        }

        Interlocked.Increment(ref _reportsReceived);
    }

    private void NotePeer(uint ssrc)
    {
        _peerSsrc = ssrc;
        _havePeerSsrc = true;
    }

    private void ReadBlocks(ReadOnlySpan<byte> body, int count, long arrival)
    {
        for (int i = 0; i < count && (i + 1) * RtcpReportBlock.Length <= body.Length; i++)
        {
            var block = RtcpReportBlock.Read(body[(i * RtcpReportBlock.Length)..]);
            if (block.Ssrc != _ssrc)
            {
                continue;
            }

            _peerReport = new RtcpPeerReport(
                block.CumulativeLost,
                block.FractionLostRatio,
                block.Jitter * 1000.0 / _clockRate,
                block.ExtendedHighestSequence);
            if (block.LastSenderReport != 0)
            {
                // RFC 3550 §6.4.1: round trip = A − LSR − DLSR, all in 1/65536 s, A the arrival of this report.
                uint roundTrip = unchecked(NtpAt(arrival).Compact - block.LastSenderReport - block.DelaySinceLastSenderReport);
                if ((int)roundTrip >= 0)
                {
                    _roundTripMs = NtpTimestamp.CompactToMilliseconds(roundTrip);
                }
            }
        }
    }

    /// <summary>The wall clock at a monotonic timestamp: the UTC time at creation plus the monotonic elapsed time,
    /// so a wall-clock step during the call cannot bend the NTP timestamps of our reports.</summary>
    private NtpTimestamp NtpAt(long timestamp) =>
        NtpTimestamp.FromDateTimeOffset(_utcAnchor + _time.GetElapsedTime(_timestampAnchor, timestamp));

    private long Randomised(TimeSpan mean)
    {
        double factor = 0.5 + Random.Shared.NextDouble();
        return (long)(mean.TotalSeconds * factor * _time.TimestampFrequency);
    }
}
