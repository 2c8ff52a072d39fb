using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace EfficientAI.Telephony.Media.Sdp;

/// <summary>
/// The <c>c=</c> line (RFC 8866 §5.7). The address is kept as written: it may be a literal, a multicast address
/// with a TTL and count suffix ("233.252.0.1/127/3"), or a fully qualified domain name.
/// </summary>
public sealed record SdpConnection(string NetworkType, string AddressType, string Address)
{
    /// <summary>A unicast "IN IP4"/"IN IP6" connection for <paramref name="address"/>.</summary>
    public static SdpConnection Create(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new SdpConnection(
            "IN",
            address.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4",
            address.ToString());
    }

    /// <summary>
    /// Returns the connection address as an <see cref="IPAddress"/> when it is a literal (any "/ttl/count" suffix
    /// dropped); false for domain names.
    /// </summary>
    public bool TryGetIPAddress([NotNullWhen(true)] out IPAddress? address)
    {
        var literal = Address.AsSpan();
        int slash = literal.IndexOf('/');
        if (slash >= 0)
        {
            literal = literal[..slash];
        }

        if (IPAddress.TryParse(literal, out address))
        {
            var expected = AddressType.Equals("IP6", StringComparison.OrdinalIgnoreCase)
                ? AddressFamily.InterNetworkV6
                : AddressFamily.InterNetwork;
            if (address.AddressFamily == expected)
            {
                return true;
            }
        }

        address = null;
        return false;
    }

    /// <summary>
    /// Whether this is the RFC 2543 hold form "0.0.0.0", which RFC 3264 §8.4 says must still be understood as
    /// "do not send to me".
    /// </summary>
    public bool IsUnspecifiedAddress => TryGetIPAddress(out var address)
        && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any));

    /// <summary>The line value, without the "c=" prefix.</summary>
    public override string ToString() => $"{NetworkType} {AddressType} {Address}";
}
