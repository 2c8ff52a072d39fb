using System.Net;
using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.UserAgent;

/// <summary>Builds requests and responses the way RFC 3261 §8.1.1 and §8.2.6 require.</summary>
public static class SipMessageFactory
{
    /// <summary>A response to <paramref name="request"/> (§8.2.6.2): Via, From, To, Call-ID and CSeq copied.</summary>
    public static SipResponse CreateResponse(SipRequest request, int statusCode, string? reason = null, string? toTag = null)
    {
        var response = new SipResponse(statusCode, reason ?? ReasonPhrases.For(statusCode));
        foreach (var via in request.Headers.GetLines(HeaderNames.Via))
        {
            response.Headers.Add(HeaderNames.Via, via);
        }

        var to = request.Headers[HeaderNames.To] ?? "";
        // §8.2.6.2: a tag is added to To unless one is present; 100 Trying never carries one of ours.
        if (toTag is not null && statusCode != 100 && NameAddress.TryParse(to, out var toAddress, out _) && toAddress.Tag is null)
        {
            toAddress.Tag = toTag;
            to = toAddress.ToString();
        }

        response.Headers.Add(HeaderNames.From, request.Headers[HeaderNames.From] ?? "");
        response.Headers.Add(HeaderNames.To, to);
        response.Headers.Add(HeaderNames.CallId, request.CallId ?? "");
        response.Headers.Add(HeaderNames.CSeq, request.Headers[HeaderNames.CSeq] ?? "");
        return response;
    }

    public static string ViaFor(string transport, IPEndPoint local, string branch) =>
        $"SIP/2.0/{transport} {SipUri.FormatHost(local.Address.ToString())}:{local.Port};branch={branch};rport";

    /// <summary>
    /// Where a response goes (§18.2.2 with RFC 3581 §4): over TCP or TLS the source of the request (its connection);
    /// over UDP the received address and rport when present, else the sent-by host and port (5060 by default).
    /// </summary>
    public static IPEndPoint ResponseDestination(ViaHeader via, IPEndPoint source)
    {
        // §18.2.2: over a reliable transport the response goes back on the connection the request came in on, which
        // the transport knows by its remote end point: the source.
        if (via.Transport is "TCP" or "TLS" or "SCTP" or "TLS-SCTP")
        {
            return source;
        }

        var host = via.Received ?? via.Host;
        if (!IPAddress.TryParse(host, out var address))
        {
            // a host name in sent-by would need DNS (RFC 3263 §6); the source address is the better answer here
            address = source.Address;
        }

        var port = via.Rport ?? via.Port ?? 5060;
        return new IPEndPoint(address, port);
    }

    /// <summary>
    /// §18.2.1: the server adds "received" when sent-by is not the source address; RFC 3581 §4 fills in an empty rport.
    /// Returns the Via value to use in place of the top one.
    /// </summary>
    public static ViaHeader StampReceived(ViaHeader via, IPEndPoint source)
    {
        var sourceHost = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4().ToString() : source.Address.ToString();
        if (!(IPAddress.TryParse(via.Host, out var sentBy) && sentBy.Equals(source.Address)) || via.HasRport)
        {
            via.Received = sourceHost;
        }

        if (via.HasRport)
        {
            via.Parameters.Set("rport", source.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return via;
    }
}
