using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using EfficientAI.Telephony.Sip.Parsing;
using EfficientAI.Telephony.Sip.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Benchmarks;

/// <summary>
/// One OPTIONS after another over a loopback TCP connection between two transports, received and framed: compare the
/// allocation per message with <see cref="SipParserBenchmarks.MaterialisedMessage"/>, which is the message itself.
/// </summary>
[MemoryDiagnoser]
public class SipTcpTransportBenchmarks
{
    private const int Messages = 200;

    private readonly byte[] _options = Encoding.ASCII.GetBytes(
        "OPTIONS sip:agent@127.0.0.1:5080 SIP/2.0\r\n" +
        "Via: SIP/2.0/TCP 127.0.0.1:5062;branch=z9hG4bK776asdhds;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: <sip:agent@127.0.0.1:5080>\r\n" +
        "From: \"Caller\" <sip:caller@127.0.0.1>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@127.0.0.1\r\n" +
        "CSeq: 314159 OPTIONS\r\n" +
        "Content-Length: 0\r\n\r\n");

    private StreamSipTransport _server = null!;
    private StreamSipTransport _client = null!;
    private int _received;
    private TaskCompletionSource _all = new();

    [GlobalSetup]
    public void Setup()
    {
        _server = StreamSipTransport.StartTcp(new IPEndPoint(IPAddress.Loopback, 0), _ =>
        {
            if (Interlocked.Increment(ref _received) == Messages)
            {
                _all.TrySetResult();
            }
        }, new SipStreamOptions(), TimeProvider.System, NullLogger.Instance);
        _client = StreamSipTransport.StartTcp(new IPEndPoint(IPAddress.Loopback, 0), _ => { }, new SipStreamOptions(), TimeProvider.System, NullLogger.Instance);
        _client.ConnectAsync(_server.LocalEndPoint, null, CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>What the receiver must allocate anyway: the message, materialised from the same bytes.</summary>
    [Benchmark(Baseline = true)]
    public object? MaterialiseOnly() => SipMessageReader.Read(_options, datagram: false).Message;

    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task SendAndFrame()
    {
        _received = 0;
        _all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var i = 0; i < Messages; i++)
        {
            await _client.SendAsync(_options, _server.LocalEndPoint, CancellationToken.None);
        }

        await _all.Task;
    }
}
