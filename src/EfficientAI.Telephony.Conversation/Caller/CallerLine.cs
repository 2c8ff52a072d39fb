using EfficientAI.Telephony.Conversation.Playback;

namespace EfficientAI.Telephony.Conversation.Caller;

/// <summary>
/// One caller move, created by the background task that prepared it; the pacer stamps
/// <see cref="StartSample"/> when playback begins and then publishes the line, so the receive
/// thread can compare the agent's speech with the caller's exact speech edges.
/// </summary>
internal sealed class CallerLine(Utterance utterance, long notBefore = long.MinValue, string? digits = null, bool isBargeIn = false, int keysFrom = 0, bool isNudge = false)
{
    private long _cutLastVoiced = long.MinValue;

    public Utterance Utterance { get; } = utterance;

    /// <summary>The pacer starts the line at the first frame at or after this sample (a barge-in waits for its moment).</summary>
    public long NotBefore { get; } = notBefore;

    /// <summary>DTMF keys pressed during this line, one every <see cref="CallerConversation.DtmfSpacing"/> from <see cref="KeysFrom"/>.</summary>
    public string? Digits { get; } = digits;

    /// <summary>Samples into the line where its first key is pressed: after what the caller says first, if anything.</summary>
    public int KeysFrom { get; } = keysFrom;

    public bool IsBargeIn { get; } = isBargeIn;

    /// <summary>A "hello?" said into the agent's silence: not one of the caller's moves.</summary>
    public bool IsNudge { get; } = isNudge;

    /// <summary>A move that answers nothing measurable: a silent turn (no speech, no keys).</summary>
    public bool IsSilent => !Utterance.HasSpeech && Digits is null;

    public long StartSample { get; set; } = -1;

    public long FirstVoicedSample => StartSample + Utterance.FirstVoicedOffset;

    /// <summary>
    /// Last voiced sample as played: the clip's (or its last sample when it holds no speech), or where
    /// playback was cut when the caller yielded to the agent.
    /// </summary>
    public long LastVoicedSample
    {
        get
        {
            long cut = Volatile.Read(ref _cutLastVoiced);
            return cut != long.MinValue ? cut : StartSample + (Utterance.HasSpeech ? Utterance.LastVoicedOffset : Utterance.Samples.Length - 1);
        }
    }

    /// <summary>Pacer: the line was cut short; its last voiced sample played is <paramref name="lastVoiced"/>.</summary>
    public void Cut(long lastVoiced) => Volatile.Write(ref _cutLastVoiced, lastVoiced);
}
