namespace EfficientAI.Telephony.TestKit.Peers;

/// <summary>
/// `sipp -sn uas` on loopback (Debian sip-tester): answers one call after another with its built-in UAS scenario and,
/// with RTP echo on, sends every RTP packet back to where it came from.
/// </summary>
public sealed class SippUas : IAsyncDisposable
{
    private readonly PeerProcess _process;

    private SippUas(PeerProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Uri => $"sip:service@127.0.0.1:{Port}";

    public string Output => _process.Output;

    public static async Task<SippUas> StartAsync(bool rtpEcho = true)
    {
        var port = PeerProcess.FreeUdpPort();
        var mediaPort = PeerProcess.FreeUdpPort() & ~1;
        List<string> args = ["-sn", "uas", "-i", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-nostdin"];
        if (rtpEcho)
        {
            args.AddRange(["-rtp_echo", "-mi", "127.0.0.1", "-mp", mediaPort.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        var process = PeerProcess.Start("sipp", args);
        // sipp has no "ready" line without a terminal; give it a moment to bind, then check it is alive.
        await Task.Delay(300);
        if (process.HasExited)
        {
            var output = process.Output;
            await process.DisposeAsync();
            throw new InvalidOperationException($"sipp exited at start:\n{output}");
        }

        return new SippUas(process, port);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
