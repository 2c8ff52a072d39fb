using System.Net;
using System.Net.Sockets;
using EfficientAI.Telephony.Sip.Dialogs;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Registration;
using EfficientAI.Telephony.Sip.Transport;

namespace EfficientAI.Telephony.Sip.UserAgent;

/// <summary>
/// The transports of the core (RFC 3261 §18) and which one each message takes: a new request by its target URI or
/// account, a large UDP request over TCP (§18.1.1), a response by the Via of its request (§18.2.2), an in-dialog
/// request by the dialog's transport.
/// </summary>
public sealed partial class SipUserAgent
{
    private const int PortPairAttempts = 20;

    /// <summary>Traced transports in start order; the first is the primary (our address in Call-ID and From).</summary>
    private readonly List<TracingTransport> _transports = [];

    /// <summary>Where our primary transport (the first of <see cref="SipUserAgentOptions.Transports"/>) listens.</summary>
    public IPEndPoint LocalEndPoint => _transports[0].LocalEndPoint;

    /// <summary>Our Contact on the primary transport.</summary>
    public SipUri ContactUri => ContactFor(_transports[0]);

    /// <summary>The protocols we listen on, in start order, with where: for tests and logs.</summary>
    public IReadOnlyList<(string Protocol, IPEndPoint EndPoint)> Listeners => [.. _transports.Select(t => (t.Protocol, t.LocalEndPoint))];

    /// <summary>Where the first transport of <paramref name="protocol"/> ("UDP", "TCP", "TLS") in that address family listens.</summary>
    public IPEndPoint? LocalEndPointFor(string protocol, AddressFamily family = AddressFamily.InterNetwork) =>
        Find(protocol, family)?.LocalEndPoint;

    /// <summary>
    /// The transport RFC 3263 §4.1 picks for a URI (without NAPTR/SRV): TLS for sips:, else its transport parameter,
    /// else the account's transport, else UDP.
    /// </summary>
    public static string ProtocolFor(SipUri uri, string? accountTransport)
    {
        if (uri.Scheme == "sips")
        {
            return "TLS";
        }

        var parameter = uri.Parameters.Get("transport");
        return (parameter ?? accountTransport ?? "UDP").ToUpperInvariant();
    }

    /// <summary>
    /// Resolves the first hop of a new request and, on a stream transport, opens the connection now (TLS checks the
    /// certificate against the URI's host), so that a peer we cannot reach is reported with its cause instead of
    /// a Timer B timeout. Throws <see cref="SocketException"/> (name not found) or <see cref="SipTransportException"/>.
    /// </summary>
    internal async Task<IPEndPoint> ResolveFirstHopAsync(SipUri firstHop, SipAccount? account, CancellationToken cancellationToken)
    {
        var protocol = ProtocolFor(firstHop, account?.Transport);
        var destination = await ResolveAsync(firstHop, protocol, LocalEndPoint.AddressFamily, cancellationToken).ConfigureAwait(false);
        var transport = TransportFor(firstHop, account, destination);
        var serverName = IPAddress.TryParse(firstHop.Host, out _) ? null : firstHop.Host;
        await transport.ConnectAsync(destination, serverName, cancellationToken).ConfigureAwait(false);
        return destination;
    }

    /// <summary>The transport for a new request to <paramref name="firstHop"/>; throws when that protocol is not started.</summary>
    internal ISipTransport TransportFor(SipUri firstHop, SipAccount? account, IPEndPoint destination)
    {
        var protocol = ProtocolFor(firstHop, account?.Transport);
        return Find(protocol, destination.AddressFamily)
            ?? throw new SipTransportException($"{firstHop} is reached over {protocol} ({destination.AddressFamily}), and this user agent has no such transport (add it to SipUserAgentOptions.Transports)");
    }

    /// <summary>
    /// The transport a message received or answered goes on: the one its top Via names (§18.2.2: a response returns
    /// over the transport of its request), in the family of <paramref name="destination"/>; the primary one when we
    /// have no such transport.
    /// </summary>
    internal ISipTransport TransportFor(SipMessage message, IPEndPoint? destination = null)
    {
        var via = message.TopVia;
        var family = destination?.AddressFamily
            ?? (via is not null && IPAddress.TryParse(via.Host, out var host) ? host.AddressFamily : LocalEndPoint.AddressFamily);
        return Find(via?.Transport ?? "UDP", family) ?? _transports[0];
    }

    /// <summary>
    /// The transport a request we send goes on: the one its top Via names — except that RFC 3261 §18.1.1 moves a UDP
    /// request larger than <see cref="SipUserAgentOptions.UdpRequestSizeLimit"/> to TCP when we have TCP, rewriting
    /// the top Via to say so (same branch).
    /// </summary>
    internal ISipTransport SendingTransport(SipRequest request, IPEndPoint destination)
    {
        var transport = TransportFor(request, destination);
        if (transport.Protocol != "UDP" || Find("TCP", destination.AddressFamily) is not { } tcp
            || request.ToBytes().Length <= _options.UdpRequestSizeLimit)
        {
            return transport;
        }

        var branch = request.TopVia?.Branch ?? SipIdentifiers.NewBranch();
        request.Headers.ReplaceFirstValue(HeaderNames.Via, ViaFor(tcp, branch));
        SipLog.SwitchedToTcp(_logger, request.Method, destination, _options.UdpRequestSizeLimit);
        return tcp;
    }

    /// <summary>The transport of the dialog's in-dialog requests (and of the ACK of its 2xx).</summary>
    internal ISipTransport TransportFor(SipDialog dialog) => Find(dialog.Transport, dialog.NextHop.AddressFamily) ?? _transports[0];

    /// <summary>
    /// The transport a new dialog keeps (§12.1.1, §12.1.2): the one its next hop URI asks for, else the one the
    /// INVITE travelled on (many peers leave transport=tcp out of their Contact and still want TCP back).
    /// </summary>
    internal static string DialogTransport(SipUri nextHop, SipRequest invite) =>
        nextHop.Scheme == "sips" || nextHop.Parameters.Get("transport") is not null
            ? ProtocolFor(nextHop, null)
            : invite.TopVia?.Transport ?? "UDP";

    /// <summary>Our Via for a request over <paramref name="transport"/>: its protocol and listening address (§18.1.1).</summary>
    internal string ViaFor(ISipTransport transport, string branch) => SipMessageFactory.ViaFor(transport.Protocol, transport.LocalEndPoint, branch);

    /// <summary>Our Contact on <paramref name="transport"/>: its listening address, with transport=tcp/tls for streams.</summary>
    internal SipUri ContactFor(ISipTransport transport)
    {
        var local = transport.LocalEndPoint;
        var contact = SipUri.Create(_options.UserName, local.Address.ToString(), local.Port);
        if (transport.Protocol != "UDP")
        {
            contact.Parameters.Set("transport", transport.Protocol.ToLowerInvariant());
        }

        return contact;
    }

    /// <summary>Our Contact for requests to <paramref name="target"/> (a REGISTER's binding follows the registrar's transport).</summary>
    internal SipUri ContactFor(SipUri target, SipAccount? account) =>
        ContactFor(Find(ProtocolFor(account?.OutboundProxy ?? target, account?.Transport), LocalEndPoint.AddressFamily) ?? _transports[0]);

    private TracingTransport? Find(string protocol, AddressFamily family)
    {
        foreach (var transport in _transports)
        {
            if (transport.Protocol.Equals(protocol, StringComparison.OrdinalIgnoreCase) && transport.LocalEndPoint.AddressFamily == family)
            {
                return transport;
            }
        }

        return null;
    }

    /// <summary>The traced wrapper of a transport that handed us a message.</summary>
    private ISipTransport TracedTransport(ISipTransport received) => _transports.FirstOrDefault(t => t.Inner == received) ?? received;

    internal void Send(byte[] bytes, IPEndPoint destination, ISipTransport transport) =>
        _ = transport.SendAsync(bytes, destination, CancellationToken.None).AsTask();

    private void StartTransports()
    {
        var listeners = _options.Transports.Count == 0 ? [new SipListener(SipTransportKind.Udp)] : _options.Transports;
        var udpEndPoints = new Dictionary<IPAddress, IPEndPoint>();
        var reservedTcp = new Dictionary<IPAddress, Socket>();
        try
        {
            foreach (var listener in listeners)
            {
                ISipTransport started = listener.Kind switch
                {
                    SipTransportKind.Udp => StartUdp(listener, listeners, udpEndPoints, reservedTcp),
                    SipTransportKind.Tcp => StartTcp(listener, udpEndPoints, reservedTcp),
                    SipTransportKind.Tls => StreamSipTransport.StartTls(listener.EndPoint ?? new IPEndPoint(_options.ListenEndPoint.Address, 0), OnInbound, _options.Stream, _options.Tls, _time, _logger),
                    _ => throw new ArgumentException($"unknown transport {listener.Kind}", nameof(_options)),
                };
                _transports.Add(new TracingTransport(started, _time, IsTracing, Trace));
            }
        }
        catch
        {
            foreach (var started in _transports)
            {
                _ = started.DisposeAsync().AsTask();
            }

            throw;
        }
        finally
        {
            foreach (var unused in reservedTcp.Values)
            {
                unused.Dispose();
            }
        }
    }

    private UdpSipTransport StartUdp(SipListener listener, IReadOnlyList<SipListener> all, Dictionary<IPAddress, IPEndPoint> udpEndPoints, Dictionary<IPAddress, Socket> reservedTcp)
    {
        var local = listener.EndPoint ?? _options.ListenEndPoint;
        var pairedTcp = all.Any(l => l.Kind == SipTransportKind.Tcp && l.EndPoint is null) && local.Address.Equals(_options.ListenEndPoint.Address);
        Socket socket;
        if (pairedTcp && local.Port == 0)
        {
            // RFC 3263 §4.2: without SRV a client tries every transport on the same port, so a free port is chosen
            // that is free for TCP too; the TCP listener then binds it.
            (socket, var tcp) = BindFreePortPair(local);
            reservedTcp[local.Address] = tcp;
        }
        else
        {
            socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(local);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        udpEndPoints.TryAdd(local.Address, (IPEndPoint)socket.LocalEndPoint!);
        return UdpSipTransport.Start(socket, OnInbound, _logger);
    }

    private StreamSipTransport StartTcp(SipListener listener, Dictionary<IPAddress, IPEndPoint> udpEndPoints, Dictionary<IPAddress, Socket> reservedTcp)
    {
        var address = _options.ListenEndPoint.Address;
        Socket bound;
        if (listener.EndPoint is null && reservedTcp.Remove(address, out var reserved))
        {
            bound = reserved;
        }
        else
        {
            var local = listener.EndPoint ?? (udpEndPoints.TryGetValue(address, out var udp) ? udp : new IPEndPoint(address, 0));
            bound = StreamSipTransport.BindListener(local);
        }

        return StreamSipTransport.Start(bound, OnInbound, _options.Stream, null, _time, _logger);
    }

    /// <summary>A UDP socket on a free port and a TCP socket bound to the same port number.</summary>
    private static (Socket Udp, Socket Tcp) BindFreePortPair(IPEndPoint local)
    {
        for (var attempt = 1; ; attempt++)
        {
            var udp = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(local);
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            try
            {
                return (udp, StreamSipTransport.BindListener(new IPEndPoint(local.Address, port)));
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < PortPairAttempts)
            {
                udp.Dispose();
            }
            catch
            {
                udp.Dispose();
                throw;
            }
        }
    }
}
