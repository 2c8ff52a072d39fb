using System.Net;
using System.Net.Sockets;

namespace EfficientAI.Telephony.Media.Sdp;

/// <summary>
/// The <c>o=</c> line (RFC 8866 §5.2): who created the session and which version of its description this is.
/// RFC 3264 §8 requires the version to grow by one with every changed description sent in the same session.
/// </summary>
public sealed record SdpOrigin(
    string Username,
    ulong SessionId,
    ulong SessionVersion,
    string NetworkType,
    string AddressType,
    string UnicastAddress)
{
    /// <summary>An origin for <paramref name="address"/> with the anonymous username "-" (RFC 8866 §5.2).</summary>
    public static SdpOrigin Create(IPAddress address, ulong sessionId, ulong sessionVersion)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new SdpOrigin(
            "-",
            sessionId,
            sessionVersion,
            "IN",
            address.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4",
            address.ToString());
    }

    /// <summary>The line value, without the "o=" prefix.</summary>
    public override string ToString() =>
        $"{Username} {SessionId} {SessionVersion} {NetworkType} {AddressType} {UnicastAddress}";
}
