using System.Net;

namespace EfficientAI.Telephony.Media.Sessions;

/// <summary>No even UDP port of the configured RTP range could be bound: too many calls for the range, or another
/// process holds the ports.</summary>
public sealed class RtpPortRangeExhaustedException : Exception
{
    /// <summary>Creates the exception for the given range.</summary>
    public RtpPortRangeExhaustedException(IPAddress address, int portMin, int portMax, int portsTried)
        : base($"No free even UDP port for RTP on {address} in {portMin}-{portMax}: all {portsTried} even ports are in use. "
            + "Widen the RTP port range or lower the number of concurrent calls.")
    {
        Address = address;
        PortMin = portMin;
        PortMax = portMax;
    }

    /// <summary>Creates the exception with a message.</summary>
    public RtpPortRangeExhaustedException()
        : this("No free even UDP port for RTP.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RtpPortRangeExhaustedException(string message)
        : base(message)
    {
        Address = IPAddress.None;
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public RtpPortRangeExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Address = IPAddress.None;
    }

    /// <summary>The local address binding was tried on.</summary>
    public IPAddress Address { get; }

    /// <summary>The lowest port of the range.</summary>
    public int PortMin { get; }

    /// <summary>The highest port of the range.</summary>
    public int PortMax { get; }
}
