using System.Threading.Channels;
using EfficientAI.Telephony.Sip.Transport;

namespace EfficientAI.Telephony.Sip.Tests.Transport;

/// <summary>Collects what a transport hands up, for a test to await in order.</summary>
internal sealed class InboundQueue
{
    private readonly Channel<SipInbound> _channel = Channel.CreateUnbounded<SipInbound>();

    public void Receive(SipInbound inbound) => _channel.Writer.TryWrite(inbound);

    public async Task<SipInbound> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _channel.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no message was handed up within {timeout}");
        }
    }

    public bool TryNext(out SipInbound inbound) => _channel.Reader.TryRead(out inbound);
}
