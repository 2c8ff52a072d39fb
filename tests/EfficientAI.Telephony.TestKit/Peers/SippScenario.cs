using System.Globalization;

namespace EfficientAI.Telephony.TestKit.Peers;

/// <summary>
/// sipp running a scenario given as XML text, on 127.0.0.1: a UAS (listening for <paramref name="calls"/> calls) or a
/// UAC (calling a target). sipp's exit code tells whether every call ran the scenario to its end (0).
/// </summary>
public sealed class SippScenario : IAsyncDisposable
{
    private readonly PeerProcess _process;
    private readonly DirectoryInfo _directory;

    private SippScenario(PeerProcess process, DirectoryInfo directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string Uri => $"sip:service@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public string Output => _process.Output;

    /// <summary>What sipp wrote to its error file (unexpected messages and the like).</summary>
    public string Errors
    {
        get
        {
            var file = Path.Combine(_directory.FullName, "errors.log");
            return File.Exists(file) ? File.ReadAllText(file) : "";
        }
    }

    /// <summary>Starts sipp with <paramref name="scenarioXml"/>; <paramref name="target"/> null makes it a UAS.</summary>
    public static async Task<SippScenario> StartAsync(string scenarioXml, int calls = 1, string? target = null, IEnumerable<string>? extra = null)
    {
        var port = PeerProcess.FreeUdpPort();
        var mediaPort = PeerProcess.FreeUdpPort() & ~1;
        var directory = Directory.CreateTempSubdirectory("efficientai-sipp-");
        var scenario = Path.Combine(directory.FullName, "scenario.xml");
        await File.WriteAllTextAsync(scenario, scenarioXml);
        List<string> args =
        [
            "-sf", scenario, "-i", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture),
            "-m", calls.ToString(CultureInfo.InvariantCulture), "-nostdin",
            "-mi", "127.0.0.1", "-mp", mediaPort.ToString(CultureInfo.InvariantCulture),
            "-trace_err", "-error_file", Path.Combine(directory.FullName, "errors.log"),
        ];
        args.AddRange(extra ?? []);
        if (target is not null)
        {
            args.Add(target);
        }

        // A UAC may finish its calls quickly; only a UAS must still be there to be called.
        var process = target is null
            ? await PeerProcess.StartListeningAsync("sipp", args, directory.FullName)
            : PeerProcess.Start("sipp", args, directory.FullName);
        return new SippScenario(process, directory, port);
    }

    public Task<int> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // sipp's log files may still be closing; the temp directory is cleaned up by the system
        }
    }
}
