using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EfficientAI.Telephony.TestKit.Peers;

/// <summary>
/// Kamailio (Debian package <c>kamailio</c>) on a free loopback UDP port, standing in for a carrier: a registrar and
/// record-routing proxy that demands digest authentication. REGISTER is challenged with 401; an INVITE to a number
/// starting with '+' is challenged with 407 and, once authenticated, relayed to <see cref="KamailioOptions.CarrierTarget"/>;
/// any other INVITE is routed to the contact registered for its user (usrloc in memory). The configuration is written
/// to a temporary directory; the process is killed, with its children, on dispose.
/// </summary>
/// <remarks>
/// Runs as root here without user/group options: kamailio only drops privileges when -u/-g are given, and it needs
/// none on an unprivileged port. -DD keeps the main process in the foreground (no daemon, no double fork) so the test
/// owns it; -E sends the log to standard error, which <see cref="Output"/> captures. -Y puts the runtime directory
/// (control sockets) in the temp directory instead of /run/kamailio.
/// </remarks>
public sealed class KamailioProxy : IAsyncDisposable
{
    private readonly PeerProcess _process;
    private readonly DirectoryInfo _directory;

    private KamailioProxy(PeerProcess process, DirectoryInfo directory, int port, KamailioOptions options)
    {
        _process = process;
        _directory = directory;
        Port = port;
        Options = options;
    }

    public int Port { get; }

    public KamailioOptions Options { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    /// <summary>Our proxy's URI, e.g. for an outbound proxy or a registrar.</summary>
    public string Uri => $"sip:127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public string Output => _process.Output;

    public static async Task<KamailioProxy> StartAsync(KamailioOptions options)
    {
        var program = File.Exists("/usr/sbin/kamailio") ? "/usr/sbin/kamailio" : "kamailio";
        var port = PeerProcess.FreeUdpPort();
        var directory = Directory.CreateTempSubdirectory("efficientai-kamailio-");
        var config = Path.Combine(directory.FullName, "kamailio.cfg");
        await File.WriteAllTextAsync(config, Configuration(port, options));

        var process = PeerProcess.Start(program,
        [
            "-f", config, "-DD", "-E",
            "-m", "32", "-M", "4",
            "-Y", directory.FullName,
            "-P", Path.Combine(directory.FullName, "kamailio.pid"),
            "-w", directory.FullName,
        ]);
        var proxy = new KamailioProxy(process, directory, port, options);
        try
        {
            await proxy.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(15));
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }

        return proxy;
    }

    /// <summary>Kamailio prints no "ready" line; it is ready when an OPTIONS gets an answer (405 by this script).</summary>
    private async Task WaitUntilAnsweringAsync(TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var deadline = DateTime.UtcNow + timeout;
        var buffer = new byte[4096];
        for (var i = 0; DateTime.UtcNow < deadline; i++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"kamailio exited ({_process.ExitCode}) at start:\n{Output}");
            }

            var options = $"OPTIONS {Uri} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{local.Port};branch=z9hG4bK-probe{i};rport\r\n"
                + $"Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=p{i}\r\nTo: <{Uri}>\r\nCall-ID: probe{i}@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
            await socket.SendToAsync(Encoding.ASCII.GetBytes(options), SocketFlags.None, EndPoint);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            try
            {
                await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), wait.Token);
                return;
            }
            catch (OperationCanceledException)
            {
                // not listening yet
            }
            catch (SocketException)
            {
                // ICMP port unreachable from the previous probe: not bound yet
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"kamailio did not answer OPTIONS within {timeout}:\n{Output}");
    }

    private static string Configuration(int port, KamailioOptions o)
    {
        var p = port.ToString(CultureInfo.InvariantCulture);
        var auth = $"pv_auth_check(\"{o.Realm}\", \"{o.Password}\", \"0\", \"0\") && $au == \"{o.Username}\"";
        var relay = o.CarrierTarget is { } target
            ? $"$ru = \"sip:\" + $rU + \"@{target.Address}:{target.Port.ToString(CultureInfo.InvariantCulture)}\";\n            t_relay();"
            : "sl_send_reply(\"404\", \"No carrier route\");";
        return $$"""
            #!KAMAILIO
            debug=2
            log_stderror=yes
            children=1
            disable_tcp=yes
            auto_aliases=no
            listen=udp:127.0.0.1:{{p}}
            alias="127.0.0.1:{{p}}"
            mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"
            loadmodule "kex.so"
            loadmodule "corex.so"
            loadmodule "tm.so"
            loadmodule "sl.so"
            loadmodule "rr.so"
            loadmodule "pv.so"
            loadmodule "maxfwd.so"
            loadmodule "usrloc.so"
            loadmodule "registrar.so"
            loadmodule "textops.so"
            loadmodule "siputils.so"
            loadmodule "xlog.so"
            loadmodule "auth.so"
            modparam("usrloc", "db_mode", 0)
            modparam("auth", "qop", "auth")
            modparam("auth", "algorithm", "{{o.Algorithm}}")
            modparam("registrar", "default_expires", {{o.DefaultExpires.ToString(CultureInfo.InvariantCulture)}})

            request_route {
                xlog("L_NOTICE", "request $rm $ru from $si:$sp\n");
                if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
                if (has_totag()) {
                    # in-dialog: follow the Route set this proxy put in Record-Route
                    if (loose_route()) { t_relay(); exit; }
                    if (is_method("ACK")) { if (t_check_trans()) { t_relay(); } exit; }
                    sl_send_reply("404", "Not here");
                    exit;
                }
                if (is_method("CANCEL")) { if (t_check_trans()) { t_relay(); } exit; }
                # a pre-loaded Route naming this proxy (an outbound proxy) has done its job
                remove_hf("Route");
                if (is_method("REGISTER")) {
                    if (!({{auth}})) { auth_challenge("{{o.Realm}}", "1"); exit; }
                    consume_credentials();
                    save("location");
                    exit;
                }
                if (is_method("INVITE")) {
                    record_route();
                    if ($rU =~ "^[+]") {
                        if (!({{auth}})) { auth_challenge("{{o.Realm}}", "1"); exit; }
                        consume_credentials();
                        {{relay}}
                        exit;
                    }
                    if (!lookup("location")) { sl_send_reply("404", "Not Found"); exit; }
                    t_relay();
                    exit;
                }
                sl_send_reply("405", "Method Not Allowed");
            }
            """;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // a file still held open by a dying child; the temp directory is cleaned up by the system
        }
    }
}

/// <summary>The account kamailio accepts and where it sends calls to numbers.</summary>
public sealed record KamailioOptions
{
    public string Realm { get; init; } = "kamailio.test";

    public string Username { get; init; } = "alice";

    /// <summary>Plain text in the generated configuration: this is a test proxy on loopback.</summary>
    public string Password { get; init; } = "kamailio-secret";

    /// <summary>"MD5" or "SHA-256" (the auth module's algorithm parameter).</summary>
    public string Algorithm { get; init; } = "MD5";

    public int DefaultExpires { get; init; } = 3600;

    /// <summary>Where an authenticated INVITE to +number goes (the agent behind the carrier); null answers 404.</summary>
    public IPEndPoint? CarrierTarget { get; init; }
}
