using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using EfficientAI.Telephony.Media.Codecs;
using EfficientAI.Telephony.Media.Pacing;
using EfficientAI.Telephony.Media.Playout;
using EfficientAI.Telephony.Media.Rtcp;
using EfficientAI.Telephony.Media.Rtp;
using EfficientAI.Telephony.Media.Sdp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Media.Sessions;

/// <summary>
/// One call's RTP audio stream (RFC 3550) over one UDP socket. Outgoing frames are produced on the shared
/// <see cref="MediaPacer"/>'s ticks — read from the <see cref="IMediaSource"/>, encoded, sent, one packet per tick
/// with silence sent as audio (no DTX) — and incoming packets are read by an async receive loop into a preallocated
/// buffer and handed to the <see cref="IMediaSink"/>. Both sides are stamped on the call's <see cref="MediaClock"/>.
/// </summary>
public sealed partial class RtpMediaSession : IPacedStream, IAsyncDisposable
{
    private const int Bound = 0;
    private const int Started = 1;
    private const int Stopped = 2;

    private readonly Socket _socket;
    private readonly byte[] _rtcpPacket = new byte[RtcpReporter.MaxCompoundLength + Srtp.SrtpSession.MaxOverhead];
    private Socket? _rtcpSocket;
    private RtcpReporter? _rtcp;
    private Task _rtcpLoop = Task.CompletedTask;
    private TimeSpan _rtcpInterval = DefaultRtcpInterval;
    private JitterBufferOptions? _jitterBuffer = JitterBufferOptions.Default;
    private bool _drained;
    private readonly TimeProvider _timeProvider;
    private readonly MediaPacer _pacer;
    private readonly ILogger _logger;
    private readonly SocketAddress _receiveAddress;
    private readonly byte[] _receiveBuffer = new byte[RtpReceiver.MaxDatagram];
    private readonly Lock _lifecycle = new();
    private readonly uint _timestampBase;
    private readonly TelephoneEventSender _events = new();
    private int _state;
    private PeerBinding? _binding;
    private RtpReceiver? _receiver;
    private MediaClock? _clock;
    private IMediaSource? _source;
    private PacerRegistration? _registration;
    private Task _receiveLoop = Task.CompletedTask;
    private short[] _sendPcm = [];
    private byte[] _sendPacket = [];
    private int _frameSamples;
    private int _timestampUnits = 1;
    private long _firstTick = -1;
    private long _firstSampleIndex;
    private ushort _sequence;
    private bool _markerPending = true;
    private bool _sendFailureLogged;
    private bool _sourceFaultLogged;
    private long _packetsSent;
    private long _octetsSent;
    private long _lateFrames;
    private long _sendErrors;

    private RtpMediaSession(Socket socket, Socket rtcpSocket, TimeProvider timeProvider, MediaPacer pacer, ILogger logger)
    {
        _socket = socket;
        _rtcpSocket = rtcpSocket;
        _timeProvider = timeProvider;
        _pacer = pacer;
        _logger = logger;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _receiveAddress = new SocketAddress(socket.AddressFamily);

        // RFC 3550 §5.1: the initial sequence number and timestamp are random, and so is the SSRC (§8).
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        Ssrc = BinaryPrimitives.ReadUInt32BigEndian(random);
        _timestampBase = BinaryPrimitives.ReadUInt32BigEndian(random[4..]);
        _sequence = BinaryPrimitives.ReadUInt16BigEndian(random[8..]);
    }

    /// <summary>RFC 3550 §6.2: the recommended minimum mean interval between RTCP reports.</summary>
    public static readonly TimeSpan DefaultRtcpInterval = TimeSpan.FromSeconds(5);

    /// <summary>The bound RTP address and port (even, RFC 3550 §11); RTCP is on the next port unless multiplexed.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Our synchronization source identifier.</summary>
    public uint Ssrc { get; }

    /// <summary>The media currently negotiated; null before <see cref="Start"/>.</summary>
    public NegotiatedMedia? Media => Volatile.Read(ref _binding)?.Media;

    /// <summary>The call's media clock, sample 0 at <see cref="Start"/>.</summary>
    /// <exception cref="InvalidOperationException">The session has not been started.</exception>
    public MediaClock Clock => _clock ?? throw new InvalidOperationException("The media clock starts with Start().");

    /// <summary>The 8 kHz samples in one frame the source fills and the sink receives (160 at 20 ms, whatever the codec).</summary>
    public int FrameSamples => _frameSamples;

    /// <summary>
    /// The best estimate of the remote stream's position on the local clock: the minimum over audio packets of
    /// arrival sample index − remote sample index (the minimum-transit packet), so a late first packet does not skew
    /// it. A remote sample index r happened at local sample r + ReceiveOffset. 0 until audio arrives.
    /// </summary>
    public long ReceiveOffset => _receiver?.ReceiveOffset ?? 0;

    /// <summary>Whether any audio has been received (and <see cref="ReceiveOffset"/> is meaningful).</summary>
    public bool HasReceivedAudio => _receiver?.HasReceivedAudio ?? false;

    /// <summary>
    /// The adaptive jitter buffer on the receive path, <see cref="JitterBufferOptions.Default"/> unless changed before
    /// <see cref="Start"/>; null delivers every decoded packet to the sink on arrival, on the receive loop.
    /// </summary>
    /// <remarks>
    /// The contract with a jitter buffer: the sink's callbacks all come from the pacer thread (and, for what is
    /// still held at <see cref="StopAsync"/>, from the stopping thread after the pacer let go), in remote order, each
    /// frame once, when its playout time has come. <c>remoteSampleIndex</c> is exactly the packet's unwrapped RTP
    /// timestamp minus the first, whatever the delay, so latencies measured by remote index stay exact;
    /// <c>arrivalSampleIndex</c> is when the packet arrived (for a concealed frame, the playout instant). Lost and
    /// late packets become concealed frames at their remote index; <see cref="RtpCounters.Playout"/> counts them and
    /// the delay the buffer added.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The session has started.</exception>
    public JitterBufferOptions? JitterBuffer
    {
        get => _jitterBuffer;
        set
        {
            value?.Validate();
            lock (_lifecycle)
            {
                if (_state != Bound)
                {
                    throw new InvalidOperationException("The jitter buffer is chosen before Start().");
                }

                _jitterBuffer = value;
            }
        }
    }

    /// <summary>A snapshot of the counters.</summary>
    public RtpCounters Counters
    {
        get
        {
            var receiver = _receiver;
            return new RtpCounters(
                PacketsSent: Interlocked.Read(ref _packetsSent),
                OctetsSent: Interlocked.Read(ref _octetsSent),
                PacketsReceived: receiver?.PacketsReceived ?? 0,
                OctetsReceived: receiver?.OctetsReceived ?? 0,
                PacketsLost: receiver?.PacketsLost ?? 0,
                JitterMs: receiver?.JitterMs ?? 0,
                LateFrames: Interlocked.Read(ref _lateFrames),
                PacketsIgnored: receiver?.PacketsIgnored ?? 0,
                PacketsFromUnexpectedSource: receiver?.PacketsFromUnexpectedSource ?? 0,
                SendErrors: Interlocked.Read(ref _sendErrors),
                Rtcp: _rtcp?.Counters ?? default,
                Playout: receiver?.PlayoutCounters ?? default,
                SrtpAuthFailures: Interlocked.Read(ref _srtpAuthFailures),
                SrtpReplayDiscarded: Interlocked.Read(ref _srtpReplayDiscarded));
        }
    }

    /// <summary>
    /// Binds two UDP sockets on <paramref name="localAddress"/>: RTP on a free even port of [<paramref name="portMin"/>,
    /// <paramref name="portMax"/>] and RTCP on the odd port after it (RFC 3550 §11), both inside the range. The pair
    /// is reserved even though rtcp-mux may make the RTCP port unnecessary: that is known only after the offer/answer
    /// (RFC 5761 §5.1.1), and <see cref="Start"/> releases it then. The search starts at a random pair of the range so
    /// concurrent calls rarely race for the same one.
    /// </summary>
    /// <exception cref="RtpPortRangeExhaustedException">Every port pair of the range is taken.</exception>
    public static RtpMediaSession Bind(
        IPAddress localAddress,
        int portMin,
        int portMax,
        TimeProvider timeProvider,
        MediaPacer pacer,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(localAddress);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(pacer);
        ArgumentOutOfRangeException.ThrowIfLessThan(portMin, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(portMax, IPEndPoint.MaxPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(portMin, portMax);

        int firstEven = (portMin + 1) & ~1;
        int lastEven = (portMax - 1) & ~1;
        if (firstEven > lastEven)
        {
            throw new ArgumentException($"The RTP port range {portMin}-{portMax} holds no even port followed by an odd one for RTCP (RFC 3550 §11).", nameof(portMin));
        }

        int count = ((lastEven - firstEven) / 2) + 1;
        int start = RandomNumberGenerator.GetInt32(count);
        for (int i = 0; i < count; i++)
        {
            int port = firstEven + (2 * ((start + i) % count));
            var socket = TryBindUdp(localAddress, port);
            if (socket is null)
            {
                continue;
            }

            var rtcpSocket = TryBindUdp(localAddress, port + 1);
            if (rtcpSocket is null)
            {
                socket.Dispose();
                continue;
            }

            var session = new RtpMediaSession(socket, rtcpSocket, timeProvider, pacer, logger ?? NullLogger.Instance);
            RtpSessionLog.Bound(session._logger, session.LocalEndPoint);
            return session;
        }

        throw new RtpPortRangeExhaustedException(localAddress, portMin, portMax, count);
    }

    private static Socket? TryBindUdp(IPAddress localAddress, int port)
    {
        var socket = new Socket(localAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (OperatingSystem.IsWindows())
            {
                // SIO_UDP_CONNRESET off: an ICMP port-unreachable must not fail the next receive on Windows.
                socket.IOControl(unchecked((int)0x9800000C), [0, 0, 0, 0], null);
            }

            socket.Bind(new IPEndPoint(localAddress, port));
            return socket;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            socket.Dispose();
            return null;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts the media: anchors the media clock (sample 0 = now), starts the receive loop and registers with the
    /// pacer. Each tick sends the frame whose sample index is the media-clock value of the tick's deadline; the first
    /// tick is the next pacer deadline, so the first index lies in [0, <see cref="FrameSamples"/>) and later ones
    /// follow in steps of exactly one frame.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already started or stopped.</exception>
    /// <exception cref="NotSupportedException">The negotiated codec is not one this library implements.</exception>
    public void Start(NegotiatedMedia media, IMediaSource source, IMediaSink sink)
    {
        ArgumentNullException.ThrowIfNull(media);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sink);
        lock (_lifecycle)
        {
            if (_state != Bound)
            {
                throw new InvalidOperationException(_state == Started ? "The session is already started." : "The session is stopped.");
            }

            var binding = new PeerBinding(media, _socket.AddressFamily);

            // The session's PCM is 8 kHz whatever the codec's rate (the binding's PipelineCodec resamples), and its
            // media clock counts those samples; RTP timestamps are in the codec's clock units.
            long frameNumerator = PipelineCodec.PipelineRate * _pacer.FrameDuration.Ticks;
            if (frameNumerator % TimeSpan.TicksPerSecond != 0)
            {
                throw new ArgumentException(
                    $"A {_pacer.FrameDuration.TotalMilliseconds} ms frame is not a whole number of samples at {PipelineCodec.PipelineRate} Hz.",
                    nameof(media));
            }

            _frameSamples = (int)(frameNumerator / TimeSpan.TicksPerSecond);
            _timestampUnits = binding.Pipeline.TimestampUnitsPerSample;
            _sendPcm = new short[_frameSamples];

            // Room for codecs of up to two octets per sample (G.711 needs one, G.722 half), for a whole Opus packet, and
            // for the SRTP tag.
            _sendPacket = new byte[RtpHeader.FixedLength + Math.Max(2 * _frameSamples, OpusCodec.MaxPacketLength) + Srtp.SrtpSession.MaxOverhead];
            _source = source;
            _rtcp = new RtcpReporter(_timeProvider, Ssrc, binding.Codec.ClockRate, _rtcpInterval);
            var playout = _jitterBuffer is null ? null : new JitterBuffer(PipelineCodec.PipelineRate, _frameSamples, _jitterBuffer);
            _receiver = new RtpReceiver(binding, sink, _logger, LocalEndPoint, _rtcp, playout);
            StartSrtp(media);

            Volatile.Write(ref _binding, binding);
            _state = Started;

            if (media.PtimeMs != (int)_pacer.FrameDuration.TotalMilliseconds)
            {
                RtpSessionLog.PtimeDiffers(_logger, media.PtimeMs, _pacer.FrameDuration.TotalMilliseconds);
            }

            RtpSessionLog.Started(_logger, LocalEndPoint, media.Codec.ToString(), media.Codec.PayloadType, media.RemoteRtp, media.Direction.ToAttributeName(), Ssrc);
            // The first frame is the next pacer deadline after the anchor, so nothing slow goes between the two.
            _clock = new MediaClock(_timeProvider, PipelineCodec.PipelineRate);
            _registration = _pacer.Register(this);
            _receiveLoop = Task.Run(ReceiveLoopAsync);
            if (media.RtcpMux)
            {
                // RFC 5761 §5.1.3: with RTCP on the RTP port, the reserved RTCP port is not needed any more.
                _rtcpSocket!.Dispose();
                _rtcpSocket = null;
            }
            else
            {
                _rtcpLoop = Task.Run(RtcpReceiveLoopAsync);
            }

        }
    }

    /// <summary>
    /// Applies a re-negotiation (re-INVITE, hold/resume): new peer address, direction, payload types or codec of the
    /// same clock rate. SSRC, sequence numbers and the timestamp grid carry on; the first packet sent after a pause
    /// has the marker bit.
    /// </summary>
    public void UpdateMedia(NegotiatedMedia media)
    {
        ArgumentNullException.ThrowIfNull(media);
        lock (_lifecycle)
        {
            if (_state != Started)
            {
                throw new InvalidOperationException("Only a started session can be re-negotiated.");
            }

            var binding = new PeerBinding(media, _socket.AddressFamily, _binding);
            if (binding.Codec.ClockRate != _binding!.Codec.ClockRate)
            {
                throw new ArgumentException(
                    $"The clock rate cannot change within a session ({_binding.Codec.ClockRate} Hz to {binding.Codec.ClockRate} Hz); start a new one.",
                    nameof(media));
            }

            UpdateSrtp(media);
            Volatile.Write(ref _binding, binding);
            _receiver!.Rebind(binding);
        }
    }

    /// <summary>
    /// Queues a DTMF digit to send as RFC 4733 telephone events, in place of audio for its duration. Digits are
    /// sent in order, separated by 40 ms of audio.
    /// </summary>
    /// <param name="digit">0-9, *, #, A-D (either case), or '!' for flash.</param>
    /// <param name="duration">How long the key is pressed; 100 ms when not given, at least one frame.</param>
    /// <returns>False when telephone-event was not negotiated, so the peer could not receive it.</returns>
    /// <exception cref="ArgumentException">Not a DTMF character.</exception>
    /// <exception cref="InvalidOperationException">The session is not started.</exception>
    public bool QueueDtmf(char digit, TimeSpan? duration = null)
    {
        var code = TelephoneEvent.FromDigit(digit)
            ?? throw new ArgumentException($"'{digit}' is not a DTMF digit; use 0-9, *, #, A-D or '!' for flash.", nameof(digit));
        var binding = Volatile.Read(ref _binding) ?? throw new InvalidOperationException("Start the session before sending DTMF.");
        if (binding.Media.TelephoneEventPayloadType is null)
        {
            return false;
        }

        long samples = (duration ?? TimeSpan.FromMilliseconds(100)).Ticks * binding.Codec.ClockRate / TimeSpan.TicksPerSecond;
        _events.Enqueue(code, (int)Math.Clamp(samples, _frameSamples * _timestampUnits, ushort.MaxValue));
        return true;
    }

    /// <summary>
    /// Stops sending (after the tick in progress, if any), stops the receive loop and closes the socket. Idempotent.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        Task receiveLoop;
        lock (_lifecycle)
        {
            receiveLoop = Task.WhenAll(_receiveLoop, _rtcpLoop);
            if (_state != Stopped)
            {
                bool wasStarted = _state == Started;
                _state = Stopped;
                _registration?.Dispose();
                if (wasStarted)
                {
                    // RFC 3550 §6.6: a source leaving says so with a BYE, in a compound packet after a last report.
                    SendRtcp(_binding!, _timeProvider.GetTimestamp(), goodbye: true);
                }

                _socket.Dispose();
                _rtcpSocket?.Dispose();
                if (wasStarted)
                {
                    var counters = Counters;
                    RtpSessionLog.Stopped(_logger, LocalEndPoint, counters.PacketsSent, counters.PacketsReceived, counters.PacketsLost, counters.JitterMs, counters.LateFrames);
                }
            }
        }

        await receiveLoop.WaitAsync(cancellationToken).ConfigureAwait(false);
        RtpReceiver? toDrain = null;
        lock (_lifecycle)
        {
            if (!_drained)
            {
                _drained = true;
                toDrain = _receiver;
            }
        }

        // The pacer and the receive loop are done with the stream: what the buffer still holds is played out here.
        toDrain?.Drain();
        if (toDrain is not null)
        {
            StopSrtp();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    /// <summary>Sends this tick's frame. Runs on the pacer thread.</summary>
    void IPacedStream.OnTick(long tickIndex, long deadlineTimestamp, bool late)
    {
        var binding = Volatile.Read(ref _binding)!;
        if (_firstTick < 0)
        {
            _firstTick = tickIndex;
            _firstSampleIndex = _clock!.SampleIndexAt(deadlineTimestamp);
        }

        // The index advances by exactly one frame per tick, late ticks included, so the RTP timestamps keep the grid.
        long sampleIndex = _firstSampleIndex + ((tickIndex - _firstTick) * _frameSamples);
        if (late)
        {
            Interlocked.Increment(ref _lateFrames);
        }

        var pcm = _sendPcm.AsSpan();
        try
        {
            _source!.ReadFrame(sampleIndex, pcm);
        }
        catch (Exception ex)
        {
            pcm.Clear();
            if (!_sourceFaultLogged)
            {
                _sourceFaultLogged = true;
                RtpSessionLog.CallbackFaulted(_logger, LocalEndPoint, "source", ex);
            }
        }

        // Received audio due now goes to the sink, whatever we send (hold included).
        _receiver!.PlayOut(_clock!.SampleIndexAt(_timeProvider.GetTimestamp()));
        SendFrame(binding, sampleIndex, pcm);

        // After this tick's packet, so a report counts it. RTCP keeps flowing on hold (an RR then): it is how each
        // side knows the other is still there.
        long now = _timeProvider.GetTimestamp();
        if (_rtcp!.IsDue(now))
        {
            SendRtcp(binding, now, goodbye: false);
        }
    }

    private void SendFrame(PeerBinding binding, long sampleIndex, Span<short> pcm)
    {
        if (!binding.Sends)
        {
            // RFC 3264 §5.1: recvonly/inactive means we send nothing; the marker then flags the resumption.
            _markerPending = true;
            return;
        }

        uint timestamp = unchecked(_timestampBase + (uint)((sampleIndex - _firstSampleIndex) * _timestampUnits));
        var packet = _sendPacket.AsSpan();
        int payloadLength;
        if (binding.Media.TelephoneEventPayloadType is { } eventPayloadType
            && _events.TryNextPacket(timestamp, _frameSamples * _timestampUnits, packet[RtpHeader.FixedLength..], out uint eventTimestamp, out bool eventMarker))
        {
            new RtpHeader(eventPayloadType, _sequence, eventTimestamp, Ssrc, eventMarker).Write(packet);
            payloadLength = TelephoneEvent.Length;
        }
        else
        {
            new RtpHeader(binding.PayloadType, _sequence, timestamp, Ssrc, _markerPending).Write(packet);
            payloadLength = binding.Pipeline.Encode(pcm, packet[RtpHeader.FixedLength..]);
        }

        try
        {
            int length = ProtectRtp(packet, RtpHeader.FixedLength + payloadLength);
            _socket.SendTo(packet[..length], SocketFlags.None, binding.RemoteAddress);
        }
        catch (SocketException ex)
        {
            Interlocked.Increment(ref _sendErrors);
            if (!_sendFailureLogged)
            {
                _sendFailureLogged = true;
                RtpSessionLog.SendFailed(_logger, LocalEndPoint, ex.SocketErrorCode.ToString());
            }

            return;
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        // RFC 3550 §5.1: the sequence number counts packets sent. RFC 3551 §4.1: the marker opens a talkspurt.
        _sequence++;
        _markerPending = false;
        Interlocked.Increment(ref _packetsSent);
        Interlocked.Add(ref _octetsSent, payloadLength);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = _receiveBuffer.AsMemory();
        var receiver = _receiver!;
        var clock = _clock!;
        while (true)
        {
            int length;
            try
            {
                // The SocketAddress overload fills a reused address instead of allocating an EndPoint per datagram.
                length = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, _receiveAddress).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (Volatile.Read(ref _state) == Stopped)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused or SocketError.MessageSize)
            {
                // An ICMP error for an earlier send, or a datagram larger than any RTP voice packet: not fatal.
                continue;
            }
            catch (SocketException ex)
            {
                RtpSessionLog.ReceiveFailed(_logger, LocalEndPoint, ex);
                return;
            }

            if (TryUnprotect(_receiveBuffer.AsSpan(0, length), rtcpPort: false, Volatile.Read(ref _binding)!.RtcpMux, out length))
            {
                receiver.Process(_receiveBuffer.AsSpan(0, length), _receiveAddress, clock.Now);
            }
        }
    }
}
