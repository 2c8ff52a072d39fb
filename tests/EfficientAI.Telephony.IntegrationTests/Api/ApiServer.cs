using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Runtime.CompilerServices;
using EfficientAI.Telephony.TestKit.Postgres;

namespace EfficientAI.Telephony.IntegrationTests.Api;

/// <summary>
/// The real `efficientai serve` process on a free loopback port over a fresh test database, with one key of each
/// scope created through `efficientai apikey create`, a SIP password in its configuration, and every response body
/// and log line kept for the secrets test.
/// </summary>
public sealed class ApiServer : IAsyncLifetime
{
    public const int RateLimitPermits = 200;

    private readonly PostgresFixture _postgres = new();
    private readonly StringBuilder _log = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _environment = [];
    private Process? _process;

    /// <summary>A configured trunk password: it must never leave the process.</summary>
    public string SipPassword { get; } = "sip-pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public Dictionary<string, string> Keys { get; } = [];

    public List<string> ResponseBodies { get; } = [];

    public HttpClient Client { get; private set; } = new();

    public string Log
    {
        get
        {
            lock (_gate)
            {
                return _log.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        var connection = await _postgres.CreateDatabaseAsync("api");
        var data = Directory.CreateTempSubdirectory("efficientai-api-");
        _environment["ConnectionStrings__Postgres"] = connection;
        _environment["EFFICIENTAI_HOME"] = RepoRoot();
        _environment["EFFICIENTAI_DATA"] = data.FullName;
        _environment["Trunks__carrier__Host"] = "sip.carrier.example";
        _environment["Trunks__carrier__Username"] = "harness";
        _environment["Trunks__carrier__Password"] = SipPassword;
        _environment["Api__RateLimitPermits"] = RateLimitPermits.ToString(System.Globalization.CultureInfo.InvariantCulture);

        foreach (var scope in new[] { "read", "run", "admin" })
        {
            var created = await RunOnceAsync(["apikey", "create", "--name", $"test-{scope}", "--scope", scope]);
            Assert.True(created.ExitCode == 0, $"apikey create --scope {scope}: exit {created.ExitCode}\n{created.StandardError}");
            Keys[scope] = created.StandardOutput.Trim();
            Assert.StartsWith("eai_", Keys[scope], StringComparison.Ordinal);
        }

        var port = FreePort();
        var info = StartInfo(["serve", "--urls", $"http://127.0.0.1:{port}"]);
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        Client = new HttpClient(new RecordingHandler(ResponseBodies)) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            Assert.False(_process.HasExited, $"serve exited with {(_process.HasExited ? _process.ExitCode : 0)}:\n{Log}");
            try
            {
                using var response = await Client.GetAsync(new Uri("/readyz", UriKind.Relative), ready.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250, ready.Token);
        }
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        await _postgres.DisposeAsync();
    }

    public HttpRequestMessage Request(HttpMethod method, string path, string? scope, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        if (scope is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Keys[scope]);
        }

        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? scope, HttpContent? content = null)
    {
        using var request = Request(method, path, scope, content);
        return await Client.SendAsync(request);
    }

    private async Task<Cli.HostProcess.Result> RunOnceAsync(IReadOnlyList<string> arguments)
    {
        using var process = Process.Start(StartInfo(arguments))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return new Cli.HostProcess.Result(process.ExitCode, await stdout, await stderr);
    }

    private ProcessStartInfo StartInfo(IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(HostDll());
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in _environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    /// <summary>The Host's build output: copied next to the tests (project reference), or in its own bin folder.</summary>
    private static string HostDll()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "efficientai.dll");
        if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "efficientai.runtimeconfig.json")))
        {
            return beside;
        }

        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(RepoRoot(), "src", "EfficientAI.Telephony.Host", "bin", configuration, "net10.0", "efficientai.dll");
        Assert.True(File.Exists(dll), $"the Host is not built at {dll} nor beside the tests");
        return dll;
    }

    /// <summary>The checkout these tests were built from (found from this file, so it works with any artifacts path).</summary>
    public static string RepoRoot([CallerFilePath] string source = "")
    {
        for (var dir = Path.GetDirectoryName(source); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "EfficientAI.Telephony.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException($"EfficientAI.Telephony.sln not found above {source}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _log.AppendLine(line);
        }
    }

    /// <summary>Keeps every response body (as text) the tests received.</summary>
    private sealed class RecordingHandler(List<string> bodies) : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            lock (bodies)
            {
                bodies.Add(body);
            }

            return response;
        }
    }
}
