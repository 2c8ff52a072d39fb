using System.Net;
using EfficientAI.Telephony.Media.Srtp;

namespace EfficientAI.Telephony.Media.Sdp;

/// <summary>
/// SDES key exchange (RFC 4568) on top of <see cref="SdpOfferAnswer"/>: a=crypto lines on the audio m-line,
/// RTP/SAVP (RTP/SAVPF tolerated) as its protocol, and the keys in <see cref="NegotiatedMedia.Srtp"/>. Codec and
/// address negotiation stay in <see cref="SdpOfferAnswer"/>; this layer adds and checks the keys around it.
/// </summary>
public static class SdesCrypto
{
    /// <summary>The protocol of an SRTP audio m-line (RFC 3711 §12).</summary>
    public const string SecureProtocol = "RTP/SAVP";

    private const string PlainProtocol = "RTP/AVP";

    /// <summary>The suites we offer, most preferred first.</summary>
    public static IReadOnlyList<SrtpCryptoSuite> OfferedSuites { get; } =
        [SrtpCryptoSuite.AesCm128HmacSha1_80, SrtpCryptoSuite.AesCm128HmacSha1_32];

    /// <summary>Whether an m-line protocol is secure RTP: RTP/SAVP or RTP/SAVPF.</summary>
    public static bool IsSecureProtocol(string protocol) =>
        string.Equals(protocol, SecureProtocol, StringComparison.OrdinalIgnoreCase)
        || string.Equals(protocol, "RTP/SAVPF", StringComparison.OrdinalIgnoreCase);

    /// <summary>The a=crypto attributes of a media description that parse, in order, and the errors of those that do not.</summary>
    public static IReadOnlyList<SdpCryptoAttribute> ReadCryptoAttributes(MediaDescription media, List<string>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(media);
        var found = new List<SdpCryptoAttribute>();
        foreach (var attribute in media.Attributes)
        {
            if (string.Equals(attribute.Name, SdpCryptoAttribute.AttributeName, StringComparison.OrdinalIgnoreCase) && attribute.Value is not null)
            {
                if (SdpCryptoAttribute.TryParse(attribute.Value, out var crypto, out string? error))
                {
                    found.Add(crypto!);
                }
                else
                {
                    errors?.Add(error!);
                }
            }
        }

        return found;
    }

    /// <summary>
    /// <see cref="SdpOfferAnswer.CreateOffer"/>, then, unless <paramref name="mode"/> is Off, one a=crypto line per
    /// suite of <see cref="OfferedSuites"/>, each with a fresh random key (tags 1, 2, …); with Require the audio
    /// m-line is RTP/SAVP, with Offer it stays RTP/AVP (best-effort SRTP).
    /// </summary>
    public static SessionDescription CreateOffer(
        SrtpMode mode,
        IPEndPoint localRtp,
        IReadOnlyList<MediaFormat> formats,
        ulong sessionId,
        ulong version,
        int ptimeMs = SdpOfferAnswer.DefaultPtimeMs,
        MediaDirection direction = MediaDirection.SendRecv,
        bool rtcpMux = true)
    {
        var offer = SdpOfferAnswer.CreateOffer(localRtp, formats, sessionId, version, ptimeMs, direction, rtcpMux);
        if (mode != SrtpMode.Off)
        {
            var audio = offer.Media[SdpOfferAnswer.FindAudioStream(offer)];
            for (int i = 0; i < OfferedSuites.Count; i++)
            {
                audio.Attributes.Add(SdpCryptoAttribute.For(i + 1, SrtpMasterKey.Generate(OfferedSuites[i])).ToAttribute());
            }

            if (mode == SrtpMode.Require)
            {
                audio.Protocol = SecureProtocol;
            }
        }

        return offer;
    }

    /// <summary>
    /// Answers an offer (<see cref="SdpOfferAnswer.CreateAnswer"/>) with SDES: when the offered audio is RTP/SAVP(F),
    /// or carries a=crypto and <paramref name="mode"/> is not Off, the answer takes the first offered crypto
    /// attribute we support, repeats its tag and suite with a fresh key of ours, and keeps the offer's protocol.
    /// Fails with a reason when the offer requires SRTP and we cannot (mode Off, or no acceptable a=crypto), or when
    /// we require it and the offer has none.
    /// </summary>
    public static SdpAnswerResult CreateAnswer(
        SrtpMode mode,
        SessionDescription offer,
        IReadOnlyList<MediaFormat> supported,
        IPEndPoint localRtp,
        ulong sessionId,
        ulong version,
        MediaDirection localDirection = MediaDirection.SendRecv,
        bool rtcpMux = true)
    {
        ArgumentNullException.ThrowIfNull(offer);
        int index = FindAudioStream(offer);
        if (index < 0)
        {
            // No audio at all: the plain answer explains what was offered.
            return SdpOfferAnswer.CreateAnswer(offer, supported, localRtp, sessionId, version, localDirection, rtcpMux);
        }

        var offered = offer.Media[index];
        string protocol = offered.Protocol;
        bool secure = IsSecureProtocol(protocol);
        var errors = new List<string>();
        var cryptos = ReadCryptoAttributes(offered, errors);
        if (secure && mode == SrtpMode.Off)
        {
            return SdpAnswerResult.Fail($"the offer requires SRTP ({protocol}) and SRTP is off for this call");
        }

        if (!secure && mode != SrtpMode.Require && (mode == SrtpMode.Off || cryptos.Count == 0))
        {
            return SdpOfferAnswer.CreateAnswer(offer, supported, localRtp, sessionId, version, localDirection, rtcpMux);
        }

        SdpCryptoAttribute? chosen = null;
        SrtpMasterKey? remoteKey = null;
        foreach (var crypto in cryptos)
        {
            if (crypto.TryGetKey(out remoteKey, out string? reason))
            {
                chosen = crypto;
                break;
            }

            errors.Add(reason!);
        }

        if (chosen is null)
        {
            string offeredText = cryptos.Count == 0 && errors.Count == 0 ? "no a=crypto attribute" : string.Join("; ", errors);
            return SdpAnswerResult.Fail(
                $"the offer's {protocol} audio stream has no crypto attribute we accept ({offeredText}); "
                + $"supported: {string.Join(", ", OfferedSuites.Select(s => s.SdpName()))} with inline keys"
                + (mode == SrtpMode.Require && !secure ? "; SRTP is required for this call" : string.Empty));
        }

        var result = WithPlainProtocol(offered, null, () =>
            SdpOfferAnswer.CreateAnswer(offer, supported, localRtp, sessionId, version, localDirection, rtcpMux));
        if (!result.Success)
        {
            return result;
        }

        var localKey = SrtpMasterKey.Generate(remoteKey!.Suite);
        var answered = result.Answer.Media[index];
        answered.Protocol = protocol;
        answered.Attributes.Add(SdpCryptoAttribute.For(chosen.Tag, localKey).ToAttribute());
        return SdpAnswerResult.Ok(result.Answer, result.Media with { Srtp = new SrtpKeys(localKey, remoteKey) });
    }

    /// <summary>
    /// Reads the answer to our offer (<see cref="SdpOfferAnswer.ReadAnswer"/>) with SDES: an answer a=crypto must
    /// repeat the tag and suite of one of our offered lines; its key protects what the peer sends, ours from that
    /// line what we send. Fails when we offered RTP/SAVP (or <paramref name="mode"/> is Require) and the answer
    /// brings no usable key, or when the answer's protocol is secure but ours was not and we offered no keys.
    /// </summary>
    public static NegotiationResult ReadAnswer(SrtpMode mode, SessionDescription offer, SessionDescription answer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(answer);
        int index = FindAudioStream(offer);
        if (index < 0 || index >= answer.Media.Count)
        {
            return SdpOfferAnswer.ReadAnswer(offer, answer);
        }

        var offered = offer.Media[index];
        var answered = answer.Media[index];
        var ours = ReadCryptoAttributes(offered);
        var errors = new List<string>();
        var theirs = ReadCryptoAttributes(answered, errors);
        bool secure = IsSecureProtocol(offered.Protocol) || IsSecureProtocol(answered.Protocol);
        if (ours.Count == 0 && !secure)
        {
            return SdpOfferAnswer.ReadAnswer(offer, answer);
        }

        var result = WithPlainProtocol(offered, answered, () => SdpOfferAnswer.ReadAnswer(offer, answer));
        if (!result.Success)
        {
            return result;
        }

        if (theirs.Count == 0)
        {
            if (secure || mode == SrtpMode.Require)
            {
                string why = errors.Count == 0 ? "no a=crypto attribute" : string.Join("; ", errors);
                return NegotiationResult.Fail($"the answer accepted the {answered.Protocol} audio stream without SRTP keys ({why}); SRTP is required");
            }

            // Best-effort SRTP declined: plain RTP.
            return result;
        }

        var answerCrypto = theirs[0];
        var offeredCrypto = ours.FirstOrDefault(o => o.Tag == answerCrypto.Tag);
        if (offeredCrypto is null || !string.Equals(offeredCrypto.SuiteName, answerCrypto.SuiteName, StringComparison.Ordinal))
        {
            return NegotiationResult.Fail(
                $"the answer's a=crypto tag {answerCrypto.Tag} {answerCrypto.SuiteName} matches none of our offered lines (RFC 4568 §5.1.2)");
        }

        if (!answerCrypto.TryGetKey(out var remoteKey, out string? reason))
        {
            return NegotiationResult.Fail($"the answer's a=crypto is unusable: {reason}");
        }

        if (!offeredCrypto.TryGetKey(out var localKey, out reason))
        {
            return NegotiationResult.Fail($"our offered a=crypto is unusable: {reason}");
        }

        return NegotiationResult.Ok(result.Media with { Srtp = new SrtpKeys(localKey!, remoteKey!) });
    }

    /// <summary>The first active audio m-line over RTP/AVP, RTP/SAVP or RTP/SAVPF, or −1.</summary>
    public static int FindAudioStream(SessionDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        for (int i = 0; i < description.Media.Count; i++)
        {
            var media = description.Media[i];
            if (string.Equals(media.Media, "audio", StringComparison.OrdinalIgnoreCase) && media.Port != 0
                && (string.Equals(media.Protocol, PlainProtocol, StringComparison.OrdinalIgnoreCase) || IsSecureProtocol(media.Protocol)))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Runs the plain negotiation, which reads RTP/AVP m-lines only, with the secure lines shown as
    /// RTP/AVP for its duration; the descriptions are restored afterwards.</summary>
    private static T WithPlainProtocol<T>(MediaDescription first, MediaDescription? second, Func<T> negotiate)
    {
        string firstProtocol = first.Protocol;
        string? secondProtocol = second?.Protocol;
        try
        {
            if (IsSecureProtocol(firstProtocol))
            {
                first.Protocol = PlainProtocol;
            }

            if (second is not null && IsSecureProtocol(secondProtocol!))
            {
                second.Protocol = PlainProtocol;
            }

            return negotiate();
        }
        finally
        {
            first.Protocol = firstProtocol;
            if (second is not null)
            {
                second.Protocol = secondProtocol!;
            }
        }
    }
}
