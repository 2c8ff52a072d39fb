using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EfficientAI.Telephony.Media.Playout;
using EfficientAI.Telephony.Media.Rtcp;
using EfficientAI.Telephony.Media.Rtp;
using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Media.Sessions;

/// <summary>
/// The receive half of an RTP session without the socket: given a datagram, its source and its arrival on the media
/// clock, it filters by source and payload type, keeps RFC 3550 statistics, maps RTP timestamps to remote sample
/// indices and hands decoded audio and de-duplicated DTMF to the sink. Called by one receive loop at a time;
/// the counters may be read from any thread. Allocates nothing per packet.
/// </summary>
internal sealed class RtpReceiver
{
    /// <summary>The largest datagram read; G.711 packets of 20 ms are 172 octets, and no voice packet nears 2 KiB.</summary>
    public const int MaxDatagram = 2048;

    private readonly IMediaSink _sink;
    private readonly ILogger _logger;
    private readonly IPEndPoint _localEndPoint;
    private readonly short[] _pcm = new short[MaxDatagram];
    private readonly RtcpReporter? _rtcp;
    private readonly JitterBuffer? _playout;
    private readonly short[] _playoutPcm = [];
    private readonly ConcurrentQueue<(char Digit, long RemoteSampleIndex, bool End)>? _pendingDtmf;
    private readonly Lock _statisticsGate = new();
    private PeerBinding _binding;
    private PeerBinding? _trackedBinding;
    private bool _peerSeen;
    private SocketAddress? _loopbackSource;
    private RtpReceiveStatistics _statistics;
    private TelephoneEventDetector _events = new();
    private bool _haveSource;
    private uint _ssrc;
    private long _lastExtendedTimestamp;
    private long _timestampOrigin;

    // RTP timestamp units per pipeline (8 kHz) sample: 6 for Opus's 48 kHz clock, else 1. Remote sample indices and
    // arrival times are in pipeline samples; RTP timestamps and the jitter statistics in timestamp units.
    private readonly int _timestampUnits;
    private bool _haveOffset;
    private long _receiveOffset;
    private long _lostBeforeSsrcChange;
    private long _packetsReceived;
    private long _octetsReceived;
    private long _packetsIgnored;
    private long _packetsFromUnexpectedSource;
    private long _packetsLost;
    private double _jitterMs;
    private bool _sinkFaultLogged;

    public RtpReceiver(PeerBinding binding, IMediaSink sink, ILogger logger, IPEndPoint localEndPoint, RtcpReporter? rtcp = null, JitterBuffer? playout = null)
    {
        _rtcp = rtcp;
        _playout = playout;
        if (playout is not null)
        {
            _playoutPcm = new short[playout.MaxFrameSamples];
            _pendingDtmf = new();
        }

        _binding = binding;
        _sink = sink;
        _logger = logger;
        _localEndPoint = localEndPoint;
        _statistics = new RtpReceiveStatistics(binding.Codec.ClockRate);
        _timestampUnits = binding.Pipeline.TimestampUnitsPerSample;
    }

    /// <summary>The minimum over audio packets of (arrival − remote sample index); 0 before the first.</summary>
    public long ReceiveOffset => Interlocked.Read(ref _receiveOffset);

    /// <summary>Whether an audio packet has been received, so <see cref="ReceiveOffset"/> means something.</summary>
    public bool HasReceivedAudio => Volatile.Read(ref _haveOffset);

    public long PacketsReceived => Interlocked.Read(ref _packetsReceived);

    public long OctetsReceived => Interlocked.Read(ref _octetsReceived);

    public long PacketsIgnored => Interlocked.Read(ref _packetsIgnored);

    public long PacketsFromUnexpectedSource => Interlocked.Read(ref _packetsFromUnexpectedSource);

    public long PacketsLost => Interlocked.Read(ref _packetsLost);

    public double JitterMs => Volatile.Read(ref _jitterMs);

    /// <summary>The jitter buffer's counters; default when frames are delivered on arrival.</summary>
    public PlayoutCounters PlayoutCounters => _playout?.Counters ?? default;

    /// <summary>
    /// Hands the sink what is due at <paramref name="now"/> (local media clock): DTMF events received since the last
    /// call, then the frames the jitter buffer releases. The player's thread only; nothing without a jitter buffer.
    /// </summary>
    public void PlayOut(long now)
    {
        if (_playout is null)
        {
            return;
        }

        while (_pendingDtmf!.TryDequeue(out var dtmf))
        {
            DeliverDtmfNow(dtmf.Digit, dtmf.RemoteSampleIndex, dtmf.End);
        }

        while (_playout.TryPlayNext(now, _playoutPcm, out var frame))
        {
            Deliver(frame.RemoteSampleIndex, frame.ArrivalSampleIndex, _playoutPcm.AsSpan(0, frame.Samples));
        }
    }

    /// <summary>At the end of the session: plays out every frame still held, concealing gaps between them but
    /// nothing after the last.</summary>
    public void Drain()
    {
        if (_playout is null)
        {
            return;
        }

        while (_pendingDtmf!.TryDequeue(out var dtmf))
        {
            DeliverDtmfNow(dtmf.Digit, dtmf.RemoteSampleIndex, dtmf.End);
        }

        while (_playout.TryDrainNext(_playoutPcm, out var frame))
        {
            Deliver(frame.RemoteSampleIndex, frame.ArrivalSampleIndex, _playoutPcm.AsSpan(0, frame.Samples));
        }
    }

    /// <summary>Switches to a re-negotiated binding (a re-INVITE); the RTP stream state carries on.</summary>
    public void Rebind(PeerBinding binding) => Volatile.Write(ref _binding, binding);

    /// <summary>
    /// The reception report block on the peer's current source (RFC 3550 §6.4.1) for an RTCP report, LSR/DLSR left
    /// 0 for the reporter to fill; taking it starts a new interval for the fraction lost (A.3). False before the
    /// source is valid.
    /// </summary>
    public bool TryTakeReceptionReport(out RtcpReportBlock block)
    {
        lock (_statisticsGate)
        {
            if (!_haveSource || !_statistics.IsValid)
            {
                block = default;
                return false;
            }

            block = new RtcpReportBlock(
                _ssrc,
                _statistics.TakeFractionLost(),
                RtcpReportBlock.ClampCumulativeLost(_statistics.Lost),
                unchecked((uint)_statistics.ExtendedHighestSequence),
                (uint)Math.Min(_statistics.Jitter, uint.MaxValue),
                0,
                0);
            return true;
        }
    }

    public void Process(ReadOnlySpan<byte> datagram, SocketAddress source, long arrival)
    {
        var binding = Volatile.Read(ref _binding);
        if (!IsAcceptedSource(binding, source))
        {
            Interlocked.Increment(ref _packetsFromUnexpectedSource);
            return;
        }

        if (RtcpCompoundReader.LooksLikeRtcp(datagram))
        {
            // RFC 5761 §4: RTCP multiplexed on the RTP port. Without rtcp-mux it is still not audio.
            if (_rtcp is not null && binding.RtcpMux)
            {
                _rtcp.Process(datagram, _rtcp.Now);
            }
            else
            {
                Interlocked.Increment(ref _packetsIgnored);
            }

            return;
        }

        if (!RtpHeader.TryRead(datagram, out var header, out int payloadOffset, out int payloadLength))
        {
            Interlocked.Increment(ref _packetsIgnored);
            return;
        }

        bool isAudio = header.PayloadType == binding.PayloadType;
        bool isEvent = !isAudio && header.PayloadType == binding.Media.TelephoneEventPayloadType;
        if (!isAudio && !isEvent)
        {
            // Comfort noise, RTCP multiplexed on this port, or a codec that was not negotiated (RFC 3264 §5.1).
            Interlocked.Increment(ref _packetsIgnored);
            return;
        }

        long extendedTimestamp;
        long remoteSampleIndex;
        lock (_statisticsGate)
        {
            extendedTimestamp = TrackSource(header, arrival);
            remoteSampleIndex = (extendedTimestamp - _timestampOrigin) / _timestampUnits;
            if (isAudio)
            {
                _statistics.Update(header.SequenceNumber, header.Timestamp, arrival * _timestampUnits);
            }
            else
            {
                _statistics.UpdateSequenceOnly(header.SequenceNumber);
            }
        }

        PublishStatistics();
        var payload = datagram.Slice(payloadOffset, payloadLength);
        Interlocked.Increment(ref _packetsReceived);
        Interlocked.Add(ref _octetsReceived, payloadLength);

        if (isAudio)
        {
            long offset = arrival - remoteSampleIndex;
            if (!_haveOffset || offset < _receiveOffset)
            {
                Interlocked.Exchange(ref _receiveOffset, offset);
                Volatile.Write(ref _haveOffset, true);
            }

            int samples = binding.Pipeline.Decode(payload, _pcm);
            if (_playout is not null)
            {
                _playout.Insert(remoteSampleIndex, header.SequenceNumber, arrival, _pcm.AsSpan(0, samples));
            }
            else
            {
                Deliver(remoteSampleIndex, arrival, _pcm.AsSpan(0, samples));
            }
        }
        else
        {
            if (TelephoneEvent.TryRead(payload, out var telephoneEvent)
                && TelephoneEvent.ToDigit(telephoneEvent.Event) is { } digit)
            {
                var report = _events.Process(extendedTimestamp, telephoneEvent.End);
                if (report.Began)
                {
                    DeliverDtmf(digit, remoteSampleIndex, end: false);
                }

                if (report.Ended)
                {
                    DeliverDtmf(digit, remoteSampleIndex + (telephoneEvent.Duration / _timestampUnits), end: true);
                }
            }
        }
    }

    /// <summary>
    /// Media is accepted from the negotiated address. Until that address has sent anything, the first loopback
    /// source is accepted too: test peers on 127.0.0.1 (sipp's rtp_echo, for one) may send from a port other than
    /// the one in their SDP. General source latching behind NAT is deliberately not done here.
    /// </summary>
    private bool IsAcceptedSource(PeerBinding binding, SocketAddress source)
    {
        if (!ReferenceEquals(binding, _trackedBinding))
        {
            _trackedBinding = binding;
            _peerSeen = false;
            _loopbackSource = null;
        }

        if (SocketAddresses.SameEndPoint(source, binding.RemoteAddress))
        {
            _peerSeen = true;
            return true;
        }

        if (_peerSeen)
        {
            return false;
        }

        if (_loopbackSource is not null)
        {
            return SocketAddresses.SameEndPoint(source, _loopbackSource);
        }

        if (!SocketAddresses.IsLoopback(source))
        {
            return false;
        }

        _loopbackSource = SocketAddresses.Copy(source);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            RtpSessionLog.LoopbackSourceAccepted(_logger, _localEndPoint, TryCreateEndPoint(source), binding.Media.RemoteRtp);
        }

        return true;
    }

    /// <summary>Unwraps the RTP timestamp to 64 bits and handles a change of SSRC; returns the extended timestamp.</summary>
    private long TrackSource(RtpHeader header, long arrival)
    {
        if (!_haveSource)
        {
            _haveSource = true;
            _ssrc = header.Ssrc;
            _lastExtendedTimestamp = header.Timestamp;
            _timestampOrigin = header.Timestamp;
            return _lastExtendedTimestamp;
        }

        if (header.Ssrc != _ssrc)
        {
            // RFC 3550 §8.2: a new SSRC is a new source with its own sequence and timestamp spaces (the peer
            // restarted its stream, or a B2BUA switched legs). Loss counting restarts; the remote sample index is
            // re-based so the new stream continues where the local clock says the old one would be.
            RtpSessionLog.SsrcChanged(_logger, _localEndPoint, _ssrc, header.Ssrc);
            _lostBeforeSsrcChange += _statistics.Lost;
            _statistics = new RtpReceiveStatistics(_statistics.ClockRate);
            _events = new TelephoneEventDetector();
            long remoteNow = _haveOffset ? (arrival - _receiveOffset) * _timestampUnits : _lastExtendedTimestamp - _timestampOrigin;
            _ssrc = header.Ssrc;
            _lastExtendedTimestamp = header.Timestamp;
            _timestampOrigin = header.Timestamp - remoteNow;
            return _lastExtendedTimestamp;
        }

        // The signed 32-bit difference to the previous timestamp places the new one correctly across the 2^32 wrap,
        // for reordered packets as well.
        _lastExtendedTimestamp += unchecked((int)(header.Timestamp - (uint)_lastExtendedTimestamp));
        return _lastExtendedTimestamp;
    }

    private void PublishStatistics()
    {
        Interlocked.Exchange(ref _packetsLost, _lostBeforeSsrcChange + _statistics.Lost);
        Volatile.Write(ref _jitterMs, _statistics.JitterMilliseconds);
    }

    private void Deliver(long remoteSampleIndex, long arrival, ReadOnlySpan<short> pcm)
    {
        try
        {
            _sink.OnFrame(remoteSampleIndex, arrival, pcm);
        }
        catch (Exception ex)
        {
            LogSinkFault(ex);
        }
    }

    private void DeliverDtmf(char digit, long remoteSampleIndex, bool end)
    {
        if (_pendingDtmf is not null)
        {
            // With a jitter buffer every sink callback comes from the player's thread, DTMF included.
            _pendingDtmf.Enqueue((digit, remoteSampleIndex, end));
            return;
        }

        DeliverDtmfNow(digit, remoteSampleIndex, end);
    }

    private void DeliverDtmfNow(char digit, long remoteSampleIndex, bool end)
    {
        try
        {
            _sink.OnDtmf(digit, remoteSampleIndex, end);
        }
        catch (Exception ex)
        {
            LogSinkFault(ex);
        }
    }

    private void LogSinkFault(Exception ex)
    {
        if (!_sinkFaultLogged)
        {
            _sinkFaultLogged = true;
            RtpSessionLog.CallbackFaulted(_logger, _localEndPoint, "sink", ex);
        }
    }

    private static EndPoint? TryCreateEndPoint(SocketAddress address)
    {
        try
        {
            return new IPEndPoint(address.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Create(address);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
