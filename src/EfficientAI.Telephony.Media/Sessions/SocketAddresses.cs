using System.Net;
using System.Net.Sockets;

namespace EfficientAI.Telephony.Media.Sessions;

/// <summary>
/// Comparisons on <see cref="SocketAddress"/> bytes, so the receive loop can check a datagram's source without
/// materialising an <see cref="IPEndPoint"/> per packet. The port sits at offset 2 (network order) on every
/// platform; the IPv4 address at 4, the IPv6 address at 8.
/// </summary>
internal static class SocketAddresses
{
    public static SocketAddress From(IPEndPoint endPoint, AddressFamily socketFamily)
    {
        var target = endPoint;
        if (socketFamily == AddressFamily.InterNetworkV6 && endPoint.AddressFamily == AddressFamily.InterNetwork)
        {
            target = new IPEndPoint(endPoint.Address.MapToIPv6(), endPoint.Port);
        }

        return target.Serialize();
    }

    public static bool SameEndPoint(SocketAddress a, SocketAddress b)
    {
        if (a.Family != b.Family)
        {
            return false;
        }

        var x = a.Buffer.Span;
        var y = b.Buffer.Span;
        return a.Family switch
        {
            AddressFamily.InterNetwork => x.Slice(2, 6).SequenceEqual(y.Slice(2, 6)),
            AddressFamily.InterNetworkV6 => x.Slice(2, 2).SequenceEqual(y.Slice(2, 2)) && x.Slice(8, 16).SequenceEqual(y.Slice(8, 16)),
            _ => a.Equals(b),
        };
    }

    /// <summary>Whether two addresses have the same IP, whatever their ports.</summary>
    public static bool SameAddress(SocketAddress a, SocketAddress b)
    {
        if (a.Family != b.Family)
        {
            return false;
        }

        var x = a.Buffer.Span;
        var y = b.Buffer.Span;
        return a.Family switch
        {
            AddressFamily.InterNetwork => x.Slice(4, 4).SequenceEqual(y.Slice(4, 4)),
            AddressFamily.InterNetworkV6 => x.Slice(8, 16).SequenceEqual(y.Slice(8, 16)),
            _ => a.Equals(b),
        };
    }

    public static bool IsLoopback(SocketAddress address)
    {
        var bytes = address.Buffer.Span;
        switch (address.Family)
        {
            case AddressFamily.InterNetwork:
                return bytes[4] == 127;
            case AddressFamily.InterNetworkV6:
                var ip = bytes.Slice(8, 16);
                bool v6Loopback = ip[..15].IndexOfAnyExcept((byte)0) < 0 && ip[15] == 1;
                bool mappedV4Loopback = ip[..10].IndexOfAnyExcept((byte)0) < 0 && ip[10] == 0xFF && ip[11] == 0xFF && ip[12] == 127;
                return v6Loopback || mappedV4Loopback;
            default:
                return false;
        }
    }

    public static SocketAddress Copy(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }
}
