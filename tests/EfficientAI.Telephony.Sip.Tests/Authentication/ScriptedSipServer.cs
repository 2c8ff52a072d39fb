using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using EfficientAI.Telephony.Sip.Authentication;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Parsing;
using EfficientAI.Telephony.Sip.UserAgent;

namespace EfficientAI.Telephony.Sip.Tests.Authentication;

/// <summary>
/// A UAS/registrar on a UDP socket on 127.0.0.1 whose answers a test scripts: every request is recorded and answered
/// by <see cref="Respond"/>. For the behaviour real peers cannot be made to show (a challenge loop, stale nonces).
/// </summary>
internal sealed class ScriptedSipServer : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Channel<SipRequest> _received = Channel.CreateUnbounded<SipRequest>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ScriptedSipServer(Func<SipRequest, IEnumerable<SipResponse>> respond)
    {
        Respond = respond;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = ReceiveLoopAsync();
    }

    public IPEndPoint EndPoint { get; }

    public Func<SipRequest, IEnumerable<SipResponse>> Respond { get; set; }

    private List<SipRequest> Requests { get; } = [];

    /// <summary>Every request received with this method so far, in arrival order.</summary>
    public List<SipRequest> Received(string method)
    {
        lock (Requests)
        {
            return Requests.Where(r => r.Method == method).ToList();
        }
    }

    public SipUri Uri(string user) => SipUri.Create(user, "127.0.0.1", EndPoint.Port);

    /// <summary>The next request with this method; fails the test after <paramref name="timeout"/>.</summary>
    public async Task<SipRequest> NextAsync(string method, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var request = await _received.Reader.ReadAsync(cts.Token);
                if (request.Method == method)
                {
                    return request;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {method} arrived within {timeout}");
        }
    }

    public static SipResponse Reply(SipRequest request, int status, string? toTag = "server-tag") =>
        SipMessageFactory.CreateResponse(request, status, null, status == 100 ? null : toTag);

    public static SipResponse Challenge(SipRequest request, int status, string challenge)
    {
        var response = Reply(request, status);
        response.Headers.Add(status == 407 ? "Proxy-Authenticate" : "WWW-Authenticate", challenge);
        return response;
    }

    /// <summary>True when the request carries credentials for <paramref name="realm"/> computed with this password.</summary>
    public static bool HasValidCredentials(SipRequest request, string realm, string password, string header = "Authorization")
    {
        foreach (var line in request.Headers.GetLines(header))
        {
            if (DigestCredentials.TryParse(line, out var c, out _) && c.Realm == realm && DigestAlgorithm.TryGet(c.Algorithm, out var algorithm))
            {
                var expected = DigestResponse.Compute(algorithm, c.Username, realm, password, request.Method, c.Uri, c.Nonce, c.Qop, c.Cnonce, c.NonceCount, request.Body.Span);
                if (expected == c.Response && c.Uri == request.RequestUri.ToString())
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A 200 to an INVITE with an SDP answer and our Contact, so a dialog can be built from it.</summary>
    public SipResponse Answer(SipRequest invite)
    {
        var ok = Reply(invite, 200);
        ok.Headers.Add(HeaderNames.Contact, $"<{Uri("uas")}>");
        ok.Headers.Add(HeaderNames.ContentType, "application/sdp");
        ok.Body = "v=0\r\no=uas 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n"u8.ToArray();
        return ok;
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[65_536];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var result = SipMessageReader.Read(buffer.AsSpan(0, received.ReceivedBytes));
            if (result.Message is not SipRequest request)
            {
                continue;
            }

            lock (Requests)
            {
                Requests.Add(request);
            }

            _received.Writer.TryWrite(request);
            if (request.Method == SipMethods.Ack)
            {
                continue;
            }

            var destination = SipMessageFactory.ResponseDestination(SipMessageFactory.StampReceived(request.TopVia!, (IPEndPoint)received.RemoteEndPoint), (IPEndPoint)received.RemoteEndPoint);
            foreach (var response in Respond(request))
            {
                await _socket.SendToAsync(response.ToBytes(), SocketFlags.None, destination);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop;
        _stop.Dispose();
    }
}
