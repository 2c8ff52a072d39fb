using System.Globalization;

namespace EfficientAI.Telephony.TestKit.Peers;

/// <summary>
/// `baresip` on loopback, auto-answering every call and playing a WAV file as its audio (no sound card needed).
/// </summary>
public sealed class BaresipAgent : IAsyncDisposable
{
    private readonly PeerProcess _process;
    private readonly string _folder;

    private BaresipAgent(PeerProcess process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string Uri => $"sip:bob@127.0.0.1:{Port}";

    public string Output => _process.Output;

    /// <summary>Starts baresip with <paramref name="audioSource"/> (8 kHz mono PCM16 WAV) as what it says;
    /// <paramref name="mediaEncryption"/> is its account's mediaenc (e.g. "srtp", "srtp-mand") with the srtp module.</summary>
    public static async Task<BaresipAgent> StartAsync(string audioSource, string? mediaEncryption = null)
    {
        var folder = Directory.CreateTempSubdirectory("baresip-").FullName;
        var port = PeerProcess.FreeUdpPort();
        var p = port.ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(folder, "config"), $"""
            poll_method epoll
            sip_listen 127.0.0.1:{p}
            net_interface 127.0.0.1
            audio_player aufile,{Path.Combine(folder, "heard.wav")}
            audio_source aufile,{audioSource}
            audio_alert aufile,/dev/null
            module_path /usr/lib/baresip/modules
            module g711.so
            module aufile.so
            {(mediaEncryption is null ? "" : "module srtp.so")}
            module account.so
            module menu.so
            """);
        var encryption = mediaEncryption is null ? "" : $";mediaenc={mediaEncryption}";
        File.WriteAllText(Path.Combine(folder, "accounts"), $"<sip:bob@127.0.0.1>;regint=0;answermode=auto{encryption}\n");
        var process = PeerProcess.Start("baresip", ["-f", folder]);
        await process.WaitForOutputAsync("baresip is ready", TimeSpan.FromSeconds(10));
        return new BaresipAgent(process, folder, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by the dying process; the temp folder is cleaned by the system
        }
    }
}
