using System.Net;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Parsing;
using EfficientAI.Telephony.Sip.Transport;

namespace EfficientAI.Telephony.Sip.Tests.Transactions;

/// <summary>An in-memory transport that records every message a transaction hands it, in order.</summary>
internal sealed class RecordingTransport(bool reliable = false) : ISipTransport
{
    private readonly object _gate = new();
    private readonly List<(byte[] Bytes, IPEndPoint Remote)> _sent = [];

    public string Protocol => reliable ? "TCP" : "UDP";

    public bool IsReliable => reliable;

    public IPEndPoint LocalEndPoint { get; } = new(IPAddress.Parse("192.0.2.4"), 5060);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _sent.Count;
            }
        }
    }

    public byte[] Bytes(int index)
    {
        lock (_gate)
        {
            return _sent[index].Bytes;
        }
    }

    public IPEndPoint Remote(int index)
    {
        lock (_gate)
        {
            return _sent[index].Remote;
        }
    }

    /// <summary>The message sent at <paramref name="index"/>, read back as a peer would read it.</summary>
    public SipMessage Message(int index)
    {
        var result = SipMessageReader.Read(Bytes(index));
        Assert.True(result.Success, $"sent message {index} does not parse: {result.Error}");
        return result.Message;
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> message, IPEndPoint remote, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _sent.Add((message.ToArray(), remote));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
