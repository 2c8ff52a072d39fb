using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EfficientAI.Telephony.Media.Codecs;

namespace EfficientAI.Telephony.Media.Sdp;

/// <summary>
/// The RFC 3264 offer/answer model for one audio stream of G.711 (PCMU, PCMA) with optional RFC 4733
/// telephone-event. Other m-lines of an offer are rejected with port 0, as RFC 3264 §6 prescribes.
/// </summary>
public static class SdpOfferAnswer
{
    /// <summary>The packet time used when a description gives none; also the pacer's frame.</summary>
    public const int DefaultPtimeMs = 20;

    /// <summary>
    /// Creates an offer with one audio m-line listing <paramref name="formats"/> in preference order
    /// (RFC 3264 §5.1), each with its rtpmap (also for static types, which helps peers that skip RFC 3551).
    /// </summary>
    /// <param name="localRtp">Our RTP address and port as the peer should reach them; must not be 0.0.0.0, which means hold.</param>
    /// <param name="formats">The payload formats we accept, most preferred first; telephone-event may be among them.</param>
    /// <param name="sessionId">The o= session id, fixed for the session's lifetime.</param>
    /// <param name="version">The o= version; RFC 3264 §8 requires +1 for every changed offer in the session.</param>
    /// <param name="ptimeMs">The packet time we want to receive.</param>
    /// <param name="direction">sendrecv normally; sendonly to put the peer on hold (RFC 3264 §8.4).</param>
    /// <param name="rtcpMux">Offer RFC 5761 rtcp-mux. The session keeps the RTP port + 1 for RTCP until the answer
    /// says whether the peer multiplexes (§5.1.1).</param>
    public static SessionDescription CreateOffer(
        IPEndPoint localRtp,
        IReadOnlyList<MediaFormat> formats,
        ulong sessionId,
        ulong version,
        int ptimeMs = DefaultPtimeMs,
        MediaDirection direction = MediaDirection.SendRecv,
        bool rtcpMux = true)
    {
        ArgumentNullException.ThrowIfNull(localRtp);
        ArgumentNullException.ThrowIfNull(formats);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ptimeMs);
        var address = AdvertisedAddress(localRtp, nameof(localRtp));
        if (!formats.Any(f => !f.IsTelephoneEvent))
        {
            throw new ArgumentException("An offer needs at least one audio codec besides telephone-event.", nameof(formats));
        }

        var numbers = new HashSet<int>();
        foreach (var format in formats)
        {
            if (format.PayloadType is < 0 or > 127 || !numbers.Add(format.PayloadType))
            {
                throw new ArgumentException(
                    $"Payload type {format.PayloadType} of {format} is outside 0-127 or used twice.", nameof(formats));
            }
        }

        var offer = NewDescription(address, sessionId, version);
        var audio = new MediaDescription("audio", localRtp.Port, "RTP/AVP") { PtimeMs = ptimeMs, Direction = direction };
        foreach (var format in formats)
        {
            audio.AddFormat(format);
        }

        audio.RtcpMux = rtcpMux;

        offer.Media.Add(audio);
        return offer;
    }

    /// <summary>
    /// Answers <paramref name="offer"/>: the first offered codec we support, in the offerer's preference order
    /// (RFC 3264 §6.1), under the offerer's payload type number, plus telephone-event when both list it; every other
    /// m-line is rejected with port 0.
    /// </summary>
    /// <param name="offer">The received offer.</param>
    /// <param name="supported">What we can use; matched by encoding name and clock rate, their payload types ignored.
    /// Telephone-event is answered only when it is listed here too.</param>
    /// <param name="localRtp">Our RTP address and port as the peer should reach them.</param>
    /// <param name="sessionId">The o= session id of our descriptions in this session.</param>
    /// <param name="version">The o= version of this description.</param>
    /// <param name="localDirection">The directions we are willing to use; sendrecv unless we hold the call.</param>
    /// <param name="rtcpMux">Accept RFC 5761 rtcp-mux when offered (§5.1.1: the answer repeats the attribute).</param>
    public static SdpAnswerResult CreateAnswer(
        SessionDescription offer,
        IReadOnlyList<MediaFormat> supported,
        IPEndPoint localRtp,
        ulong sessionId,
        ulong version,
        MediaDirection localDirection = MediaDirection.SendRecv,
        bool rtcpMux = true)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(supported);
        ArgumentNullException.ThrowIfNull(localRtp);
        var address = AdvertisedAddress(localRtp, nameof(localRtp));

        int index = FindAudioStream(offer);
        if (index < 0)
        {
            return SdpAnswerResult.Fail($"the offer has no active audio stream over RTP/AVP; offered {DescribeMediaLines(offer)}");
        }

        var offered = offer.Media[index];
        if (!TryGetRemoteEndPoint(offer, offered, "offer", out var remote, out var connection, out string? addressError))
        {
            return SdpAnswerResult.Fail(addressError);
        }

        var offeredFormats = offered.ResolveFormats();
        MediaFormat? codec = null;
        MediaFormat? answeredCodec = null;
        foreach (var candidate in offeredFormats)
        {
            if (candidate.IsTelephoneEvent)
            {
                continue;
            }

            var ours = supported.FirstOrDefault(s => !s.IsTelephoneEvent && s.IsSameEncoding(candidate));
            if (ours is not null)
            {
                if (ours.IsOpus && !OpusParameters.TryParse(candidate.Fmtp, out _, out string opusError))
                {
                    return SdpAnswerResult.Fail($"the offered {candidate} has a bad fmtp: {opusError}");
                }

                // RFC 3264 §6.1: the answer uses the offerer's payload type number for the codec. What we send is
                // shaped by the offerer's fmtp; for Opus the answer's fmtp states our own receive preferences
                // (RFC 7587 §7.1: the parameters are declarative, each side's about what it receives).
                codec = new MediaFormat(candidate.PayloadType, ours.EncodingName, ours.ClockRate, candidate.Fmtp);
                answeredCodec = ours.IsOpus ? codec with { Fmtp = ours.Fmtp } : codec;
                break;
            }
        }

        if (codec is null)
        {
            return SdpAnswerResult.Fail(
                $"no common codec: offered {DescribeFormats(offered, offeredFormats)}; supported {DescribeSupported(supported)}");
        }

        MediaFormat? telephoneEvent = null;
        var ourEvents = supported.FirstOrDefault(s => s.IsTelephoneEvent && s.ClockRate == codec.ClockRate);
        var offeredEvents = offeredFormats.FirstOrDefault(f => f.IsTelephoneEvent && f.ClockRate == codec.ClockRate);
        if (ourEvents is not null && offeredEvents is not null)
        {
            // RFC 4733 §2.1: the event stream shares the audio clock. Our fmtp says which events we can receive.
            telephoneEvent = new MediaFormat(
                offeredEvents.PayloadType,
                MediaFormat.TelephoneEventEncodingName,
                codec.ClockRate,
                ourEvents.Fmtp ?? offeredEvents.Fmtp);
        }

        // RFC 3264 §6.1: we may send only if the offerer receives, and receive only if it sends. A c= of 0.0.0.0
        // is the RFC 2543 way of saying "do not send to me" (RFC 3264 §8.4).
        var offerDirection = offer.EffectiveDirection(offered);
        bool offererReceives = offerDirection.Receives() && !connection.IsUnspecifiedAddress;
        var direction = MediaDirections.FromFlags(
            sends: offererReceives && localDirection.Sends(),
            receives: offerDirection.Sends() && localDirection.Receives());

        var answer = NewDescription(address, sessionId, version);
        for (int i = 0; i < offer.Media.Count; i++)
        {
            if (i == index)
            {
                var audio = new MediaDescription(offered.Media, localRtp.Port, offered.Protocol)
                {
                    PtimeMs = DefaultPtimeMs,
                    Direction = direction,
                };
                audio.AddFormat(answeredCodec!);
                if (telephoneEvent is not null)
                {
                    audio.AddFormat(telephoneEvent);
                }

                audio.RtcpMux = rtcpMux && offered.RtcpMux;

                answer.Media.Add(audio);
            }
            else
            {
                answer.Media.Add(Rejected(offer.Media[i]));
            }
        }

        bool mux = rtcpMux && offered.RtcpMux;
        var media = new NegotiatedMedia(
            remote,
            codec,
            telephoneEvent?.PayloadType,
            PeerPtime(offered),
            direction,
            mux,
            mux ? null : RemoteRtcp(offered, remote));
        return SdpAnswerResult.Ok(answer, media);
    }

    /// <summary>
    /// Reads the answer to our <paramref name="offer"/>: the codec is the first answered format that we offered
    /// and can run, with the answer's payload type number (what the peer expects to receive).
    /// </summary>
    public static NegotiationResult ReadAnswer(SessionDescription offer, SessionDescription answer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(answer);

        int index = FindAudioStream(offer);
        if (index < 0)
        {
            return NegotiationResult.Fail($"our offer has no active audio stream over RTP/AVP; it has {DescribeMediaLines(offer)}");
        }

        if (index >= answer.Media.Count)
        {
            return NegotiationResult.Fail(
                $"the answer has {answer.Media.Count} m-line(s) but the offer has {offer.Media.Count}; "
                + "RFC 3264 §6 requires one answer m-line per offered m-line");
        }

        var offered = offer.Media[index];
        var answered = answer.Media[index];
        if (!string.Equals(answered.Media, offered.Media, StringComparison.OrdinalIgnoreCase))
        {
            return NegotiationResult.Fail(
                $"m-line {index + 1} of the answer is '{answered.Media}' but the offer's is '{offered.Media}' (RFC 3264 §6)");
        }

        if (answered.Port == 0)
        {
            return NegotiationResult.Fail($"the answer rejected the audio stream (port 0 on m-line {index + 1})");
        }

        if (!TryGetRemoteEndPoint(answer, answered, "answer", out var remote, out var connection, out string? addressError))
        {
            return NegotiationResult.Fail(addressError);
        }

        var offeredFormats = offered.ResolveFormats();
        var answeredFormats = answered.ResolveFormats();
        MediaFormat? codec = null;
        foreach (var candidate in answeredFormats)
        {
            if (!candidate.IsTelephoneEvent
                && offeredFormats.Any(o => !o.IsTelephoneEvent && o.IsSameEncoding(candidate))
                && AudioCodecs.IsSupported(candidate.EncodingName))
            {
                codec = candidate;
                break;
            }
        }

        if (codec is null)
        {
            return NegotiationResult.Fail(
                $"the answer chose no codec we offered: answered {DescribeFormats(answered, answeredFormats)}; "
                + $"offered {DescribeFormats(offered, offeredFormats)}");
        }

        var events = answeredFormats.FirstOrDefault(f => f.IsTelephoneEvent && f.ClockRate == codec.ClockRate);
        if (events is not null && !offeredFormats.Any(o => o.IsTelephoneEvent && o.ClockRate == codec.ClockRate))
        {
            events = null;
        }

        var offerDirection = offer.EffectiveDirection(offered);
        var answerDirection = answer.EffectiveDirection(answered);
        var direction = MediaDirections.FromFlags(
            sends: offerDirection.Sends() && answerDirection.Receives() && !connection.IsUnspecifiedAddress,
            receives: offerDirection.Receives() && answerDirection.Sends());

        // RFC 5761 §5.1.1: multiplexing holds only when the answer repeats the offer's a=rtcp-mux.
        bool mux = offered.RtcpMux && answered.RtcpMux;
        return NegotiationResult.Ok(new NegotiatedMedia(
            remote,
            codec,
            events?.PayloadType,
            PeerPtime(answered),
            direction,
            mux,
            mux ? null : RemoteRtcp(answered, remote)));
    }

    /// <summary>
    /// The packet time the peer wants to receive: its a=ptime (20 ms when absent), but never above its a=maxptime
    /// (RFC 8866 §6.5 and §6.4: maxptime is the longest packet it can take).
    /// </summary>
    private static int PeerPtime(MediaDescription media)
    {
        int ptime = media.PtimeMs ?? DefaultPtimeMs;
        return media.MaxPtimeMs is { } max && max > 0 ? Math.Min(ptime, max) : ptime;
    }

    /// <summary>RFC 3605: an a=rtcp port (and address) overrides RFC 3550 §11's RTP port + 1.</summary>
    private static IPEndPoint? RemoteRtcp(MediaDescription media, IPEndPoint remoteRtp)
    {
        if (!media.TryGetRtcpAttribute(out int port, out var address))
        {
            return null;
        }

        address ??= remoteRtp.Address;
        return new IPEndPoint(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, port);
    }

    /// <summary>The index of the first audio m-line over RTP/AVP with a non-zero port, or −1.</summary>
    public static int FindAudioStream(SessionDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        for (int i = 0; i < description.Media.Count; i++)
        {
            if (description.Media[i].IsRtpAudio && description.Media[i].Port != 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static SessionDescription NewDescription(IPAddress address, ulong sessionId, ulong version)
    {
        var description = new SessionDescription(SdpOrigin.Create(address, sessionId, version))
        {
            SessionName = "-",
            Connection = SdpConnection.Create(address),
        };
        description.Timings.Add(new SdpTiming(0, 0));
        return description;
    }

    /// <summary>RFC 3264 §6: a rejected stream keeps its media type, protocol and formats, with port 0.</summary>
    private static MediaDescription Rejected(MediaDescription offered)
    {
        var rejected = new MediaDescription(offered.Media, 0, offered.Protocol);
        foreach (var format in offered.Formats)
        {
            rejected.Formats.Add(format);
        }

        return rejected;
    }

    private static IPAddress AdvertisedAddress(IPEndPoint endPoint, string parameterName)
    {
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            throw new ArgumentException(
                $"'{endPoint}' cannot be advertised: an unspecified address in SDP means hold (RFC 3264 §8.4); give the address peers reach.",
                parameterName);
        }

        if (endPoint.Port == 0)
        {
            throw new ArgumentException($"'{endPoint}' has port 0, which in SDP rejects the stream.", parameterName);
        }

        return address;
    }

    private static bool TryGetRemoteEndPoint(
        SessionDescription description,
        MediaDescription media,
        string role,
        out IPEndPoint remote,
        out SdpConnection connection,
        out string error)
    {
        remote = null!;
        connection = description.EffectiveConnection(media)!;
        if (connection is null)
        {
            error = $"the {role}'s audio stream has no connection address: neither it nor the session has a 'c=' line (RFC 8866 §5.7)";
            return false;
        }

        if (!connection.TryGetIPAddress(out var address))
        {
            error = $"the {role}'s connection address '{connection.Address}' ({connection.AddressType}) is not an IP address literal; domain names are not resolved";
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        remote = new IPEndPoint(address, media.Port);
        error = string.Empty;
        return true;
    }

    private static string DescribeFormats(MediaDescription media, IReadOnlyList<MediaFormat> resolved)
    {
        var text = new StringBuilder();
        foreach (var format in media.Formats)
        {
            if (text.Length > 0)
            {
                text.Append(", ");
            }

            var known = resolved.FirstOrDefault(f => f.PayloadType.ToString(CultureInfo.InvariantCulture) == format);
            text.Append(known is null ? $"PT {format} (no rtpmap)" : $"{known} (PT {format})");
        }

        return text.Length == 0 ? "nothing" : text.ToString();
    }

    private static string DescribeSupported(IReadOnlyList<MediaFormat> supported) =>
        supported.Count == 0 ? "nothing" : string.Join(", ", supported.Select(s => s.ToString()));

    private static string DescribeMediaLines(SessionDescription description) =>
        description.Media.Count == 0
            ? "no m-lines"
            : string.Join(", ", description.Media.Select(m => $"'m={m.Media} {m.Port} {m.Protocol}'"));
}
