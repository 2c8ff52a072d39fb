using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EfficientAI.Telephony.Sip.Dialogs;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Parsing;
using EfficientAI.Telephony.Sip.Transactions;
using EfficientAI.Telephony.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Sip.UserAgent;

/// <summary>
/// A user agent core (RFC 3261 §8, §12–§15) over UDP, TCP and TLS transports (§18): places and answers any number of calls at once.
/// It owns the transaction and dialog tables; nothing is static.
/// </summary>
public sealed partial class SipUserAgent : IAsyncDisposable
{
    private readonly SipUserAgentOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ClientInviteTransaction> _clientInvites = new();
    private readonly ConcurrentDictionary<string, ClientNonInviteTransaction> _clientNonInvites = new();
    private readonly ConcurrentDictionary<string, ServerInviteTransaction> _serverInvites = new();
    private readonly ConcurrentDictionary<string, ServerNonInviteTransaction> _serverNonInvites = new();
    private readonly ConcurrentDictionary<string, IncomingInvite> _pendingInvites = new();
    private readonly ConcurrentDictionary<string, SipDialog> _dialogs = new();
    private readonly ConcurrentDictionary<string, SentAck> _ackForDialog = new();
    private readonly MalformedLogLimiter _malformedLog;

    private SipUserAgent(SipUserAgentOptions options, TimeProvider time, ILogger logger)
    {
        options.Timers.Validate();
        _options = options;
        _time = time;
        _logger = logger;
        _malformedLog = new MalformedLogLimiter(time);
    }

    /// <summary>Handles each new INVITE. Without a handler, INVITEs are answered 480.</summary>
    public Func<IncomingInvite, Task>? IncomingCall { get; set; }

    /// <summary>Every message sent or received, in order, for SIP traces.</summary>
    public event Action<SipTraceEntry>? Traced;

    public SipTimerSettings Timers => _options.Timers;

    public TimeProvider Time => _time;

    internal ILogger Logger => _logger;

    public int ActiveTransactions => _clientInvites.Count + _clientNonInvites.Count + _serverInvites.Count + _serverNonInvites.Count;

    public int ActiveDialogs => _dialogs.Count;

    /// <summary>Starts the transports of <see cref="SipUserAgentOptions.Transports"/> (UDP by default).</summary>
    public static SipUserAgent Start(SipUserAgentOptions options, TimeProvider time, ILogger logger)
    {
        options.Stream.Validate();
        var ua = new SipUserAgent(options, time, logger);
        ua.StartTransports();
        return ua;
    }

    /// <summary>For tests and other transports: a user agent over a transport created by the caller.</summary>
    public static SipUserAgent Start(SipUserAgentOptions options, TimeProvider time, ILogger logger, Func<Action<SipInbound>, ISipTransport> transportFactory)
    {
        var ua = new SipUserAgent(options, time, logger);
        ua._transports.Add(new TracingTransport(transportFactory(ua.OnInbound), time, ua.IsTracing, ua.Trace));
        return ua;
    }

    private bool IsTracing() => Traced is not null || _logger.IsEnabled(LogLevel.Debug);

    private void Trace(SipTraceEntry entry)
    {
        if (entry.Outgoing)
        {
            SipLog.Message(_logger, "->", entry.Remote, entry.StartLine);
        }

        Traced?.Invoke(entry);
    }

    private void OnInbound(SipInbound inbound)
    {
        var message = inbound.Result.Message;
        if (IsTracing())
        {
            var bytes = message?.ToBytes() ?? [];
            var text = message is null ? "(unparsable)" : TracingTransport.StartLine(bytes);
            SipLog.Message(_logger, "<-", inbound.Remote, text);
            Traced?.Invoke(new SipTraceEntry(false, inbound.Remote, _time.GetTimestamp(), message?.CallId, text, bytes));
        }

        if (!inbound.Result.Success)
        {
            HandleMalformed(inbound);
            return;
        }

        switch (message)
        {
            case SipResponse response:
                HandleResponse(response, inbound.Remote);
                break;
            case SipRequest request:
                HandleRequest(request, inbound.Remote);
                break;
        }
    }

    /// <summary>
    /// A request we can answer (a readable Via and a CSeq) gets 400 (505 for another SIP version) naming
    /// the fault; anything else is
    /// dropped and logged, at most once a second with a count of what was suppressed.
    /// </summary>
    private void HandleMalformed(SipInbound inbound)
    {
        var reason = inbound.Result.Error?.ToString() ?? "malformed message";
        if (inbound.Result.Message is SipRequest request && request.Method != SipMethods.Ack && CanAnswer(request))
        {
            // §18.2.1 applies to a bad request too: the 400 goes back where the request came from.
            var via = SipMessageFactory.StampReceived(request.TopVia!, inbound.Remote);
            request.Headers.ReplaceFirstValue(HeaderNames.Via, via.ToString());
            var status = inbound.Result.Error?.StatusCode ?? 400;
            var response = CreateResponse(request, status, $"{ReasonPhrases.For(status)} - {Sanitize(reason)}", null);
            response.Headers.Add(HeaderNames.Warning, $"399 {LocalEndPoint.Address} \"{Sanitize(reason).Replace("\"", "'", StringComparison.Ordinal)}\"");
            SipLog.RejectedMalformed(_logger, inbound.Remote, reason);
            Send(response.ToBytes(), SipMessageFactory.ResponseDestination(via, inbound.Remote), TracedTransport(inbound.Transport));
            return;
        }

        if (_malformedLog.ShouldLog(out var suppressed))
        {
            SipLog.DroppedMalformed(_logger, inbound.Remote, reason, suppressed);
        }
    }

    // Via must parse because it says where the response goes, and the client matches the answer on its branch and the
    // CSeq method (§17.1.3). §8.2.6.2 copies From, To and Call-ID as they are, even when missing: RFC 4475 §3.3.1 asks
    // for a 400 to a request without them.
    private static bool CanAnswer(SipRequest request) =>
        request.TopVia is not null && !string.IsNullOrEmpty(request.Headers[HeaderNames.CSeq]);

    private static string Sanitize(string reason)
    {
        var chars = reason.Where(c => c >= ' ' && c < 127).Take(120).ToArray();
        return new string(chars);
    }

    internal SipResponse CreateResponse(SipRequest request, int status, string? reason, string? toTag)
    {
        var response = SipMessageFactory.CreateResponse(request, status, reason, toTag);
        response.Headers.Add(HeaderNames.Server, _options.Product);
        return response;
    }

    private void HandleResponse(SipResponse response, IPEndPoint remote)
    {
        var key = TransactionKey.ForClient(response);
        if (key is not null && _clientInvites.TryGetValue(key, out var invite))
        {
            // In Accepted, a 2xx is a retransmission: the dialog's ACK answers it (§13.2.2.4, RFC 6026 §7.2).
            if (!(response.IsSuccess && invite.State == TransactionState.Accepted && TryResendAck(response)))
            {
                invite.OnResponse(response);
            }

            return;
        }

        if (key is not null && _clientNonInvites.TryGetValue(key, out var nonInvite))
        {
            nonInvite.OnResponse(response);
            return;
        }

        // A 2xx retransmitted after its transaction has gone is still ACKed by its dialog.
        if (!(response.IsSuccess && response.CSeq?.Method == SipMethods.Invite && TryResendAck(response)))
        {
            SipLog.StrayResponse(_logger, response.StatusCode, remote);
        }
    }

    private bool TryResendAck(SipResponse response)
    {
        if (response.From?.Tag is not { } localTag || response.To?.Tag is not { } remoteTag)
        {
            return false;
        }

        var dialogKey = SipDialog.DialogKey(response.CallId!, localTag, remoteTag);
        if (!_ackForDialog.TryGetValue(dialogKey, out var ack) || !_dialogs.TryGetValue(dialogKey, out var dialog))
        {
            return false;
        }

        // Only the ACK of the INVITE this 2xx answers; a late 2xx of an older INVITE is left alone.
        if (response.CSeq?.Number != ack.InviteSeq)
        {
            return true;
        }

        Send(ack.Bytes, dialog.NextHop, TransportFor(dialog));
        return true;
    }

    internal static async Task<IPEndPoint> ResolveAsync(SipUri uri, string protocol, AddressFamily family, CancellationToken cancellationToken)
    {
        // RFC 3263 §4.2: without SRV the port is 5061 for TLS, else 5060.
        var port = uri.Port ?? (protocol == "TLS" ? 5061 : 5060);
        if (IPAddress.TryParse(uri.Host, out var literal))
        {
            return new IPEndPoint(literal, port);
        }

        // RFC 3263 NAPTR/SRV selection is not done here: A/AAAA of the host, preferring our socket's family.
        var addresses = await Dns.GetHostAddressesAsync(uri.Host, cancellationToken).ConfigureAwait(false);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == family) ?? addresses.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
        return new IPEndPoint(chosen, port);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dialog in _dialogs.Values)
        {
            if (!dialog.IsEnded)
            {
                try
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time);
                    await SendByeAsync(dialog, DialogEndReason.Shutdown, cts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // shutting down: a BYE that gets no answer in time is not worth waiting for
                }
            }
        }

        foreach (var transport in _transports)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var t in _clientInvites.Values)
        {
            t.Dispose();
        }

        foreach (var t in _clientNonInvites.Values)
        {
            t.Dispose();
        }

        foreach (var t in _serverInvites.Values)
        {
            t.Dispose();
        }

        foreach (var t in _serverNonInvites.Values)
        {
            t.Dispose();
        }
    }

    /// <summary>The ACK we sent for the 2xx of the dialog's latest INVITE, re-sent when that 2xx is retransmitted.</summary>
    private sealed record SentAck(uint InviteSeq, byte[] Bytes);

    /// <summary>Logs at most one dropped-message line per second, counting the rest.</summary>
    private sealed class MalformedLogLimiter(TimeProvider time)
    {
        private long _lastLogged = long.MinValue;
        private long _suppressed;

        public bool ShouldLog(out long suppressed)
        {
            var now = time.GetTimestamp();
            var last = Interlocked.Read(ref _lastLogged);
            if (last != long.MinValue && time.GetElapsedTime(last, now) < TimeSpan.FromSeconds(1))
            {
                Interlocked.Increment(ref _suppressed);
                suppressed = 0;
                return false;
            }

            Interlocked.Exchange(ref _lastLogged, now);
            suppressed = Interlocked.Exchange(ref _suppressed, 0);
            return true;
        }
    }
}
