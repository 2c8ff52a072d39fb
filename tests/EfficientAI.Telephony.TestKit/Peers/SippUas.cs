namespace EfficientAI.Telephony.TestKit.Peers;

/// <summary>
/// `sipp -sn uas` on loopback (Debian sip-tester): answers one call after another with its built-in UAS scenario and,
/// with RTP echo on, sends every RTP packet back to where it came from.
/// </summary>
public sealed class SippUas : IAsyncDisposable
{
    private readonly PeerProcess _process;

    private readonly bool _tcp;

    private SippUas(PeerProcess process, int port, bool tcp)
    {
        _process = process;
        Port = port;
        _tcp = tcp;
    }

    public int Port { get; }

    public string Uri => _tcp ? $"sip:service@127.0.0.1:{Port};transport=tcp" : $"sip:service@127.0.0.1:{Port}";

    public string Output => _process.Output;

    /// <param name="rtpEcho">Send every RTP packet back.</param>
    /// <param name="tcp">SIP over TCP (`-t t1`: one TCP connection carries every call) instead of UDP.</param>
    public static async Task<SippUas> StartAsync(bool rtpEcho = true, bool tcp = false)
    {
        var port = tcp ? PeerProcess.FreeTcpPort() : PeerProcess.FreeUdpPort();
        var mediaPort = PeerProcess.FreeUdpPort() & ~1;
        List<string> args = ["-sn", "uas", "-i", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-nostdin"];
        if (tcp)
        {
            args.AddRange(["-t", "t1"]);
        }

        if (rtpEcho)
        {
            args.AddRange(["-rtp_echo", "-mi", "127.0.0.1", "-mp", mediaPort.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        return new SippUas(await PeerProcess.StartListeningAsync("sipp", args), port, tcp);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
