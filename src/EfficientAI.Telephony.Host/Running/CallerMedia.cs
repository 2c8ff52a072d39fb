using EfficientAI.Telephony.Calls;
using EfficientAI.Telephony.Conversation.Caller;
using EfficientAI.Telephony.Media.Recording;
using EfficientAI.Telephony.Media.Sessions;

namespace EfficientAI.Telephony.Host.Running;

/// <summary>
/// Connects the simulated caller to a call's media: outgoing frames from the caller (recorded left), received
/// frames to the caller (recorded right), both on the caller's media clock.
/// </summary>
internal sealed class CallerMedia(CallerConversation caller, StereoWavRecorder? recorder) : IMediaSource, IMediaSink
{
    // Receive side: local − remote of the frames mapped so far, to place DTMF events on the same clock.
    private long _remoteToLocal;

    public ReceiveClock Clock { get; } = new();

    public void ReadFrame(long sampleIndex, Span<short> frame)
    {
        caller.ReadCallerFrame(sampleIndex, frame);
        recorder?.WriteLeft(sampleIndex, frame);
    }

    public void OnFrame(long remoteSampleIndex, long arrivalSampleIndex, ReadOnlySpan<short> pcm)
    {
        var local = Clock.Map(remoteSampleIndex, arrivalSampleIndex);
        _remoteToLocal = local - remoteSampleIndex;
        caller.OnAgentFrame(local, pcm);
        recorder?.WriteRight(local, pcm);
    }

    public void OnDtmf(char digit, long remoteSampleIndex, bool end) =>
        caller.OnAgentDtmf(digit, remoteSampleIndex + _remoteToLocal, end);
}
