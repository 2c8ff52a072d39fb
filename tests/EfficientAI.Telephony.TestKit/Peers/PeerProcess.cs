using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EfficientAI.Telephony.TestKit.Peers;

/// <summary>A real peer program (sipp, baresip) run for a test: output captured, killed with its children on dispose.</summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PeerProcess(Process process)
    {
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts a peer that prints no "ready" line without a terminal (sipp): gives it a moment to bind, then fails with
    /// its output when it has already exited.
    /// </summary>
    public static async Task<PeerProcess> StartListeningAsync(string program, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var process = Start(program, arguments, workingDirectory);
        await Task.Delay(300);
        if (process.HasExited)
        {
            var output = process.Output;
            await process.DisposeAsync();
            throw new InvalidOperationException($"{program} exited at start:\n{output}");
        }

        return process;
    }

    public static PeerProcess Start(string program, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var path = FindOnPath(program) ?? throw new InvalidOperationException(
            $"{program} is not installed; scripts/test installs it (apt-get install {PackageOf(program)})");
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var peer = new PeerProcess(process);
        process.OutputDataReceived += (_, e) => peer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 1_000_000)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; fails with the output so far.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_process.StartInfo.FileName} exited ({_process.ExitCode}) before printing '{text}':\n{Output}");
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"{_process.StartInfo.FileName} did not print '{text}' within {timeout}:\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
    }

    public static string? FindOnPath(string program)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string PackageOf(string program) => program switch
    {
        "sipp" => "sip-tester",
        _ => program,
    };

    /// <summary>A UDP port that was free a moment ago on 127.0.0.1.</summary>
    public static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public static int FreeTcpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
