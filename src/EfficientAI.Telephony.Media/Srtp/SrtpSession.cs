using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EfficientAI.Telephony.Media.Srtp;

/// <summary>
/// SRTP and SRTCP (RFC 3711) for one call's stream: packets we send are protected with our master key, packets
/// from the peer unprotected with theirs (SDES gives each direction its own key, RFC 4568 §6.1). All four
/// transforms work in place on the caller's buffer and allocate nothing per packet. Sending and receiving may run on
/// different threads; each of the four directions is used by one thread at a time.
/// </summary>
public sealed class SrtpSession : IDisposable
{
    /// <summary>The most octets protecting adds to a packet: SRTCP's E||index and 80-bit tag.</summary>
    public const int MaxOverhead = 4 + SrtpCryptoSuites.SrtcpTagLength;

    private const int RtpFixedHeader = 12;
    private const int RtcpHeader = 8;
    private const int HmacLength = 20;
    private const uint SrtcpIndexMask = 0x7FFF_FFFF;

    private readonly int _tagLength;
    private readonly SrtpCryptoContext _sendRtp;
    private readonly SrtpCryptoContext _receiveRtp;
    private readonly SrtpCryptoContext _sendRtcp;
    private readonly SrtpCryptoContext _receiveRtcp;
    private RocEstimator _sendRoc;
    private RocEstimator _receiveRoc;
    private SrtpReplayWindow _rtpReplay;
    private SrtpReplayWindow _rtcpReplay;
    private bool _haveReceiveSsrc;
    private uint _receiveSsrc;
    private uint _sendRtcpIndex;

    /// <summary>Creates the session from our key (for what we send) and the peer's (for what we receive).</summary>
    /// <exception cref="ArgumentException">The two keys are of different suites.</exception>
    public SrtpSession(SrtpMasterKey local, SrtpMasterKey remote)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        if (local.Suite != remote.Suite)
        {
            throw new ArgumentException($"Both directions use one crypto suite, not {local.Suite.SdpName()} and {remote.Suite.SdpName()}.", nameof(remote));
        }

        Suite = local.Suite;
        _tagLength = Suite.SrtpTagLength();
        _sendRtp = new SrtpCryptoContext(local, rtcp: false);
        _sendRtcp = new SrtpCryptoContext(local, rtcp: true);
        _receiveRtp = new SrtpCryptoContext(remote, rtcp: false);
        _receiveRtcp = new SrtpCryptoContext(remote, rtcp: true);
    }

    /// <summary>The crypto suite of both directions.</summary>
    public SrtpCryptoSuite Suite { get; }

    /// <summary>The octets an SRTP packet grows by: its authentication tag.</summary>
    public int RtpOverhead => _tagLength;

    /// <summary>
    /// Encrypts the payload of the RTP packet in <paramref name="buffer"/>[..<paramref name="length"/>] in place and
    /// appends the authentication tag (RFC 3711 §3.3). Returns the SRTP packet's length.
    /// </summary>
    /// <exception cref="ArgumentException">Not an RTP packet, or no room for the tag.</exception>
    public int ProtectRtp(Span<byte> buffer, int length)
    {
        int headerLength = RtpHeaderLength(buffer[..length]);
        if (headerLength < 0)
        {
            throw new ArgumentException("The buffer does not start with an RTP header.", nameof(buffer));
        }

        if (buffer.Length < length + _tagLength)
        {
            throw new ArgumentException($"The buffer needs {_tagLength} octets after the packet for the tag.", nameof(buffer));
        }

        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        ulong index = _sendRoc.Estimate(sequence, out uint roc);
        _sendRtp.Rekey(index);
        _sendRtp.Crypt(ssrc, index, buffer[headerLength..length]);

        // The tag covers header, encrypted payload and the ROC (§4.2); the ROC goes where the tag will be.
        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], roc);
        Span<byte> mac = stackalloc byte[HmacLength];
        _sendRtp.Authenticate(buffer[..(length + 4)], mac);
        mac[.._tagLength].CopyTo(buffer[length..]);
        _sendRoc.Update(sequence, roc);
        return length + _tagLength;
    }

    /// <summary>
    /// Checks the SRTP packet in <paramref name="buffer"/>[..<paramref name="length"/>] against replay and its tag,
    /// then decrypts it in place (RFC 3711 §3.3). On <see cref="SrtpUnprotectResult.Ok"/> the RTP packet is
    /// <paramref name="buffer"/>[..<paramref name="rtpLength"/>]; otherwise the buffer's content is undefined.
    /// </summary>
    public SrtpUnprotectResult UnprotectRtp(Span<byte> buffer, int length, out int rtpLength)
    {
        rtpLength = 0;
        int end = length - _tagLength;
        if (end < RtpFixedHeader)
        {
            return SrtpUnprotectResult.Malformed;
        }

        int headerLength = RtpHeaderLength(buffer[..end]);
        if (headerLength < 0)
        {
            return SrtpUnprotectResult.Malformed;
        }

        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        bool newSource = !_haveReceiveSsrc || ssrc != _receiveSsrc;
        var estimator = newSource ? default : _receiveRoc;
        ulong index = estimator.Estimate(sequence, out uint roc);
        if (!newSource && !_rtpReplay.Check(index))
        {
            return SrtpUnprotectResult.Replayed;
        }

        Span<byte> received = stackalloc byte[SrtpCryptoSuites.SrtcpTagLength];
        buffer.Slice(end, _tagLength).CopyTo(received);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[end..], roc);
        Span<byte> mac = stackalloc byte[HmacLength];
        _receiveRtp.Rekey(index);
        _receiveRtp.Authenticate(buffer[..(end + 4)], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[.._tagLength], received[.._tagLength]))
        {
            return SrtpUnprotectResult.AuthenticationFailed;
        }

        _receiveRtp.Crypt(ssrc, index, buffer[headerLength..end]);
        if (newSource)
        {
            // A new synchronisation source starts its own index and replay list (RFC 3711 §3.2.3).
            _haveReceiveSsrc = true;
            _receiveSsrc = ssrc;
            _receiveRoc = default;
            _rtpReplay = default;
        }

        _receiveRoc.Update(sequence, roc);
        _rtpReplay.Accept(index);
        rtpLength = end;
        return SrtpUnprotectResult.Ok;
    }

    /// <summary>
    /// Encrypts the compound RTCP packet in <paramref name="buffer"/>[..<paramref name="length"/>] after its first
    /// 8 octets, appends E||SRTCP index and the 80-bit tag (RFC 3711 §3.4). Returns the SRTCP packet's length.
    /// </summary>
    /// <exception cref="ArgumentException">Shorter than an RTCP header, or no room for the trailer.</exception>
    public int ProtectRtcp(Span<byte> buffer, int length)
    {
        if (length < RtcpHeader)
        {
            throw new ArgumentException("An RTCP packet has at least 8 octets.", nameof(length));
        }

        if (buffer.Length < length + MaxOverhead)
        {
            throw new ArgumentException($"The buffer needs {MaxOverhead} octets after the packet for index and tag.", nameof(buffer));
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        uint index = _sendRtcpIndex;
        _sendRtcpIndex = (index + 1) & SrtcpIndexMask;
        _sendRtcp.Rekey(index);
        _sendRtcp.Crypt(ssrc, index, buffer[RtcpHeader..length]);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], 0x8000_0000u | index);
        Span<byte> mac = stackalloc byte[HmacLength];
        _sendRtcp.Authenticate(buffer[..(length + 4)], mac);
        mac[..SrtpCryptoSuites.SrtcpTagLength].CopyTo(buffer[(length + 4)..]);
        return length + MaxOverhead;
    }

    /// <summary>
    /// Checks an SRTCP packet against replay and its tag, then decrypts it in place when its E bit says it is
    /// encrypted (RFC 3711 §3.4). On <see cref="SrtpUnprotectResult.Ok"/> the compound RTCP packet is
    /// <paramref name="buffer"/>[..<paramref name="rtcpLength"/>].
    /// </summary>
    public SrtpUnprotectResult UnprotectRtcp(Span<byte> buffer, int length, out int rtcpLength)
    {
        rtcpLength = 0;
        int tagStart = length - SrtpCryptoSuites.SrtcpTagLength;
        int end = tagStart - 4;
        if (end < RtcpHeader)
        {
            return SrtpUnprotectResult.Malformed;
        }

        uint eIndex = BinaryPrimitives.ReadUInt32BigEndian(buffer[end..]);
        uint index = eIndex & SrtcpIndexMask;
        if (!_rtcpReplay.Check(index))
        {
            return SrtpUnprotectResult.Replayed;
        }

        Span<byte> mac = stackalloc byte[HmacLength];
        _receiveRtcp.Rekey(index);
        _receiveRtcp.Authenticate(buffer[..tagStart], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..SrtpCryptoSuites.SrtcpTagLength], buffer.Slice(tagStart, SrtpCryptoSuites.SrtcpTagLength)))
        {
            return SrtpUnprotectResult.AuthenticationFailed;
        }

        if ((eIndex & 0x8000_0000u) != 0)
        {
            uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
            _receiveRtcp.Crypt(ssrc, index, buffer[RtcpHeader..end]);
        }

        _rtcpReplay.Accept(index);
        rtcpLength = end;
        return SrtpUnprotectResult.Ok;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _sendRtp.Dispose();
        _receiveRtp.Dispose();
        _sendRtcp.Dispose();
        _receiveRtcp.Dispose();
    }

    /// <summary>The length of the RTP header with CSRCs and extension (RFC 3550 §5.1, §5.3.1); -1 if malformed.</summary>
    private static int RtpHeaderLength(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < RtpFixedHeader || (packet[0] >> 6) != 2)
        {
            return -1;
        }

        int length = RtpFixedHeader + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return -1;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]));
        }

        return length <= packet.Length ? length : -1;
    }

    /// <summary>The rollover counter and highest sequence number of one stream, and the index estimate of RFC 3711
    /// §3.3.1 / Appendix A.</summary>
    private struct RocEstimator
    {
        private bool _started;
        private uint _roc;
        private ushort _highest;

        public readonly ulong Estimate(ushort sequence, out uint roc)
        {
            roc = _roc;
            if (_started)
            {
                if (_highest < 32768)
                {
                    if (sequence - _highest > 32768 && _roc > 0)
                    {
                        roc = _roc - 1;
                    }
                }
                else if (_highest - 32768 > sequence)
                {
                    roc = _roc + 1;
                }
            }

            return ((ulong)roc << 16) | sequence;
        }

        public void Update(ushort sequence, uint roc)
        {
            if (!_started)
            {
                _started = true;
                _roc = roc;
                _highest = sequence;
            }
            else if (roc == _roc + 1 || (roc == _roc && sequence > _highest))
            {
                _roc = roc;
                _highest = sequence;
            }
        }
    }
}
