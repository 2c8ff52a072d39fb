using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using EfficientAI.Telephony.Sip.Dialogs;
using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.UserAgent;

/// <summary>Reliable provisional responses and PRACK (RFC 3262), both ways.</summary>
public sealed partial class SipUserAgent
{
    internal const string RSeqHeader = "RSeq";
    internal const string RAckHeader = "RAck";
    internal const string ReliableOptionTag = "100rel";

    // Early dialog (Call-ID, our To tag, their From tag) → the INVITE whose reliable provisional awaits its PRACK.
    private readonly ConcurrentDictionary<string, IncomingInvite> _reliableProvisionals = new();

    /// <summary>The early dialogs of one INVITE we sent: the last RSeq seen per To tag and our CSeq for PRACKs.</summary>
    internal sealed class EarlyState(uint inviteSeq)
    {
        private readonly Dictionary<string, uint> _lastRseq = new(StringComparer.Ordinal);

        public uint InviteSeq { get; } = inviteSeq;

        /// <summary>The CSeq of our last request in the early dialog; the confirmed dialog goes on from it.</summary>
        public uint LocalSeq { get; private set; } = inviteSeq;

        /// <summary>RFC 3262 §4: the first reliable response of a dialog sets the RSeq; later ones must be the next.</summary>
        public bool TryAccept(string toTag, uint rseq, out uint prackSeq)
        {
            lock (_lastRseq)
            {
                if (_lastRseq.TryGetValue(toTag, out var last) && rseq != last + 1)
                {
                    prackSeq = 0;
                    return false;
                }

                _lastRseq[toTag] = rseq;
                prackSeq = ++LocalSeq;
                return true;
            }
        }
    }

    /// <summary>
    /// UAC: a provisional response with Require: 100rel is acknowledged with PRACK (RFC 3262 §4) and passed on once;
    /// its retransmissions and any out of order are dropped. Unreliable provisionals pass through.
    /// </summary>
    private bool AcceptProvisional(SipRequest invite, IPEndPoint inviteDestination, EarlyState early, SipResponse response)
    {
        if (response.StatusCode == 100 || !HasOptionTag(response, HeaderNames.Require, ReliableOptionTag))
        {
            return true;
        }

        if (!uint.TryParse(response.Headers[RSeqHeader]?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var rseq)
            || response.To?.Tag is not { } toTag)
        {
            // §4 requires RSeq on a reliable provisional; without it (or a To tag) there is nothing to acknowledge.
            return true;
        }

        if (!early.TryAccept(toTag, rseq, out var prackSeq))
        {
            return false;
        }

        // §4 and §12.1.2: the PRACK goes in the early dialog: its remote target is the 1xx Contact, its route set the
        // 1xx Record-Route reversed.
        var routes = response.RecordRoutes;
        routes.Reverse();
        var remoteTarget = response.Contact?.Uri ?? invite.RequestUri;
        var hopUri = routes.Count > 0 ? routes[0].Uri : remoteTarget;
        var hop = IPAddress.TryParse(hopUri.Host, out var ip) ? new IPEndPoint(ip, hopUri.Port ?? 5060) : inviteDestination;
        var prack = new SipRequest(SipMethods.Prack, remoteTarget);
        prack.Headers.Add(HeaderNames.Via, ViaFor(TransportFor(invite, inviteDestination), SipIdentifiers.NewBranch()));
        foreach (var route in routes)
        {
            prack.Headers.Add(HeaderNames.Route, route.ToString());
        }

        prack.Headers.Add(HeaderNames.MaxForwards, "70");
        prack.Headers.Add(HeaderNames.From, invite.Headers[HeaderNames.From]!);
        prack.Headers.Add(HeaderNames.To, response.Headers[HeaderNames.To]!);
        prack.Headers.Add(HeaderNames.CallId, invite.CallId!);
        prack.Headers.Add(HeaderNames.CSeq, new CSeqHeader(prackSeq, SipMethods.Prack).ToString());
        prack.Headers.Add(RAckHeader, string.Create(CultureInfo.InvariantCulture, $"{rseq} {early.InviteSeq} {SipMethods.Invite}"));
        prack.Headers.Add(HeaderNames.UserAgent, _options.Product);
        _ = SendNonInviteAsync(prack, hop, CancellationToken.None);
        return true;
    }

    /// <summary>UAS: registers a reliable provisional that waits for its PRACK.</summary>
    internal void TrackReliable(IncomingInvite invite) =>
        _reliableProvisionals[SipDialog.DialogKey(invite.CallId, invite.ToTag, invite.Request.From?.Tag ?? "")] = invite;

    internal void ForgetReliable(IncomingInvite invite) =>
        _reliableProvisionals.TryRemove(SipDialog.DialogKey(invite.CallId, invite.ToTag, invite.Request.From?.Tag ?? ""), out _);

    /// <summary>RFC 3262 §3: a PRACK matching the outstanding reliable provisional gets 200; any other 481.</summary>
    private void HandlePrack(SipRequest prack, IPEndPoint destination, IncomingInvite invite)
    {
        var rack = prack.Headers[RAckHeader]?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rack is { Length: 3 }
            && uint.TryParse(rack[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rseq)
            && uint.TryParse(rack[1], NumberStyles.None, CultureInfo.InvariantCulture, out var cseq)
            && rack[2] == SipMethods.Invite
            && cseq == invite.Request.CSeq!.Value.Number
            && invite.OnPrack(rseq))
        {
            RespondNonInvite(prack, destination, CreateResponse(prack, 200, null, null));
            return;
        }

        RespondNonInvite(prack, destination, CreateResponse(prack, 481, "No matching reliable provisional response", null));
    }
}
