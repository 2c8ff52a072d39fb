using System.Net;
using System.Net.Sockets;
using EfficientAI.Telephony.Media.Rtcp;

namespace EfficientAI.Telephony.Media.Sessions;

/// <summary>The RTCP side of the session (RFC 3550 §6): its schedule setting, sending reports and reading them.</summary>
public sealed partial class RtpMediaSession
{
    /// <summary>
    /// The mean interval between RTCP reports, each randomised over [0.5, 1.5] of it (RFC 3550 §6.3.1; the first
    /// after half of it, §6.2). 5 s by default; set before <see cref="Start"/>. Shorter values are for tests and
    /// point-to-point calls where the bandwidth of a report every second does not matter.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Under 100 ms.</exception>
    /// <exception cref="InvalidOperationException">The session has started.</exception>
    public TimeSpan RtcpInterval
    {
        get => _rtcpInterval;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.FromMilliseconds(100));
            lock (_lifecycle)
            {
                if (_state != Bound)
                {
                    throw new InvalidOperationException("The RTCP interval is set before Start().");
                }

                _rtcpInterval = value;
            }
        }
    }

    /// <summary>Writes and sends one compound RTCP packet; on the pacer thread, or on the stopping thread after the
    /// pacer has let go of the stream.</summary>
    private void SendRtcp(PeerBinding binding, long now, bool goodbye)
    {
        var rtcp = _rtcp!;
        bool haveBlock = _receiver!.TryTakeReceptionReport(out var block);
        long packetsSent = Interlocked.Read(ref _packetsSent);

        // RFC 3550 §6.4.1: the SR's RTP timestamp is the NTP instant in the RTP timeline of our packets.
        uint rtpNow = _firstTick < 0
            ? _timestampBase
            : unchecked(_timestampBase + (uint)((_clock!.SampleIndexAt(now) - _firstSampleIndex) * binding.Pipeline.TimestampUnitsPerSample));
        var sender = new RtcpSenderInfo(default, rtpNow, unchecked((uint)packetsSent), unchecked((uint)Interlocked.Read(ref _octetsSent)));
        int length = rtcp.Write(_rtcpPacket, now, sender, packetsSent, haveBlock ? block : null, goodbye);
        var socket = binding.RtcpMux || _rtcpSocket is null ? _socket : _rtcpSocket;
        try
        {
            length = ProtectRtcp(_rtcpPacket, length);
            socket.SendTo(_rtcpPacket.AsSpan(0, length), SocketFlags.None, binding.RemoteRtcpAddress);
            rtcp.OnSent();
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref _sendErrors);
        }
        catch (ObjectDisposedException)
        {
            // Stopping raced the tick.
        }
    }

    /// <summary>Reads RTCP on the RTCP port when it is not multiplexed (RFC 3550 §11).</summary>
    private async Task RtcpReceiveLoopAsync()
    {
        var socket = _rtcpSocket!;
        var rtcp = _rtcp!;
        var buffer = new byte[RtpReceiver.MaxDatagram];
        var source = new SocketAddress(socket.AddressFamily);
        while (true)
        {
            int length;
            try
            {
                length = await socket.ReceiveFromAsync(buffer, SocketFlags.None, source).ConfigureAwait(false);
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
                continue;
            }
            catch (SocketException ex)
            {
                RtpSessionLog.ReceiveFailed(_logger, LocalEndPoint, ex);
                return;
            }

            // Peers send RTCP from a port of their choosing (sipp, for one, from an ephemeral port): the address counts.
            var binding = Volatile.Read(ref _binding)!;
            if ((SocketAddresses.SameAddress(source, binding.RemoteRtcpAddress) || SocketAddresses.IsLoopback(source))
                && TryUnprotect(buffer.AsSpan(0, length), rtcpPort: true, binding.RtcpMux, out length))
            {
                rtcp.Process(buffer.AsSpan(0, length), rtcp.Now);
            }
        }
    }
}
