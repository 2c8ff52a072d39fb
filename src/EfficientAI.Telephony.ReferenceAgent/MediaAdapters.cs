using EfficientAI.Telephony.Calls;
using EfficientAI.Telephony.Conversation.Agent;
using EfficientAI.Telephony.Media.Sessions;

namespace EfficientAI.Telephony.ReferenceAgent;

/// <summary>Connects the agent's PCM brain to a call's media session.</summary>
internal sealed class AgentMedia(AgentConversation agent) : IMediaSource, IMediaSink
{
    // Receive thread: local − remote of the frames mapped so far, to place DTMF events on the same clock.
    private long _remoteToLocal;

    public ReceiveClock Clock { get; } = new();

    public void ReadFrame(long sampleIndex, Span<short> frame) => agent.ReadAgentFrame(sampleIndex, frame);

    public void OnFrame(long remoteSampleIndex, long arrivalSampleIndex, ReadOnlySpan<short> pcm)
    {
        long local = Clock.Map(remoteSampleIndex, arrivalSampleIndex);
        _remoteToLocal = local - remoteSampleIndex;
        agent.OnCallerFrame(local, pcm);
    }

    public void OnDtmf(char digit, long remoteSampleIndex, bool end) =>
        agent.OnCallerDtmf(digit, remoteSampleIndex + _remoteToLocal, end);
}
