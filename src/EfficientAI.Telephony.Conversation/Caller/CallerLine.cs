using EfficientAI.Telephony.Conversation.Playback;

namespace EfficientAI.Telephony.Conversation.Caller;

/// <summary>
/// One caller line, created by the background task that synthesised it; the pacer stamps
/// <see cref="StartSample"/> when playback begins and then publishes the line, so the receive
/// thread can compare the agent's speech with the caller's exact speech edges.
/// </summary>
internal sealed class CallerLine(Utterance utterance)
{
    public Utterance Utterance { get; } = utterance;

    public long StartSample { get; set; } = -1;

    public long FirstVoicedSample => StartSample + Utterance.FirstVoicedOffset;

    /// <summary>Last voiced sample, or the clip's last sample when it holds no speech at all.</summary>
    public long LastVoicedSample => StartSample + (Utterance.HasSpeech ? Utterance.LastVoicedOffset : Utterance.Samples.Length - 1);
}
