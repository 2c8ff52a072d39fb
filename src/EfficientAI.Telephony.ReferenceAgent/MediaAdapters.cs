using EfficientAI.Telephony.Calls;
using EfficientAI.Telephony.Conversation.Agent;
using EfficientAI.Telephony.Media.Sessions;

namespace EfficientAI.Telephony.ReferenceAgent;

/// <summary>Connects the agent's PCM brain to a call's media session.</summary>
internal sealed class AgentMedia(AgentConversation agent) : IMediaSource, IMediaSink
{
    public ReceiveClock Clock { get; } = new();

    public void ReadFrame(long sampleIndex, Span<short> frame) => agent.ReadAgentFrame(sampleIndex, frame);

    public void OnFrame(long remoteSampleIndex, long arrivalSampleIndex, ReadOnlySpan<short> pcm)
    {
        agent.OnCallerFrame(Clock.Map(remoteSampleIndex, arrivalSampleIndex), pcm);
    }

    public void OnDtmf(char digit, long remoteSampleIndex, bool end)
    {
        // DTMF menus are a later behaviour of the reference agent (issue 6).
    }
}
