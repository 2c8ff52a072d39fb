namespace EfficientAI.Telephony.Media.Srtp;

/// <summary>Whether a call's media uses SRTP with SDES keys (RFC 4568).</summary>
public enum SrtpMode
{
    /// <summary>Plain RTP; an offer that requires SRTP (RTP/SAVP) is rejected.</summary>
    Off,

    /// <summary>
    /// SRTP when the peer takes it: our offers are RTP/AVP carrying a=crypto (best-effort SRTP), and answers use
    /// SRTP whenever the offer carries a crypto attribute we support.
    /// </summary>
    Offer,

    /// <summary>SRTP or no call: our offers are RTP/SAVP, and an offer or answer without usable keys fails.</summary>
    Require,
}
