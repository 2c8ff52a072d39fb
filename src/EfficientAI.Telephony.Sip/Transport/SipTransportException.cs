namespace EfficientAI.Telephony.Sip.Transport;

/// <summary>A connection to a peer could not be opened (refused, timed out, TLS handshake or certificate rejected).</summary>
public sealed class SipTransportException : Exception
{
    public SipTransportException()
    {
    }

    public SipTransportException(string message)
        : base(message)
    {
    }

    public SipTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
