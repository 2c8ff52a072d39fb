using EfficientAI.Telephony.Conversation.Vad;

namespace EfficientAI.Telephony.Conversation.Caller;

/// <summary>
/// The agent talked over the caller: the caller's first voiced sample, the agent's onset, and the end of the
/// overlap (the earlier of the two parties' last voiced samples).
/// </summary>
public sealed record AgentInterruption(long CallerOnsetSample, long AgentOnsetSample, long OverlapEndSample)
{
    public long OverlapSamples => Math.Max(0, OverlapEndSample - AgentOnsetSample + 1);
}

/// <summary>Silence from the caller's last voiced sample until the agent's next onset (or the end of the call) beyond the threshold.</summary>
public sealed record DeadAir(long FromSample, long UntilSample)
{
    public long Samples => UntilSample - FromSample;
}

/// <summary>A DTMF key the agent pressed, at the start of its RFC 4733 event.</summary>
public sealed record DtmfHeard(char Digit, long Sample);

/// <summary>
/// The caller barged in at <see cref="CallerOnsetSample"/>; the agent's audio stopped at <see cref="AgentStopSample"/>
/// (its last voiced sample before a silence of at least the stop silence), or never (−1) while the caller's line
/// lasted. <see cref="StaleAudio"/>: after stopping, the agent played more audio before the caller had finished.
/// </summary>
public sealed record BargeInObservation(long CallerOnsetSample, long AgentStopSample, bool StaleAudio)
{
    public bool AgentStopped => AgentStopSample >= 0;
}

/// <summary>
/// What the caller detected about the agent's behaviour, on the caller's media clock. Stamps of received audio
/// (agent onsets and stops, the end of dead air, DTMF) are on the receive clock; <see cref="Corrected"/> moves them
/// like every other received stamp.
/// </summary>
public sealed record CallerObservations(
    IReadOnlyList<AgentInterruption> Interruptions,
    IReadOnlyList<DeadAir> DeadAir,
    IReadOnlyList<DtmfHeard> Dtmf,
    IReadOnlyList<BargeInObservation> BargeIns,
    long FirstAgentOnsetSample,
    long FirstSample)
{
    public static CallerObservations Empty { get; } = new([], [], [], [], -1, 0);

    /// <summary>Non-speech audio from the agent's side: voicemail beeps and hold music.</summary>
    public IReadOnlyList<AudioCue> Cues { get; init; } = [];

    /// <summary>Agent's first voiced sample − the first sample of the call's audio, or −1 when the agent never spoke.</summary>
    public long TimeToFirstAudioSamples => FirstAgentOnsetSample < 0 ? -1 : FirstAgentOnsetSample - FirstSample;

    /// <summary>Adds <paramref name="correction"/> samples to every received-side stamp.</summary>
    public CallerObservations Corrected(long correction) => correction == 0 ? this : this with
    {
        Interruptions = [.. Interruptions.Select(i => i with { AgentOnsetSample = i.AgentOnsetSample + correction })],
        DeadAir = [.. DeadAir.Select(d => d with { UntilSample = d.UntilSample + correction })],
        Dtmf = [.. Dtmf.Select(d => d with { Sample = d.Sample + correction })],
        BargeIns = [.. BargeIns.Select(b => b.AgentStopped ? b with { AgentStopSample = b.AgentStopSample + correction } : b)],
        FirstAgentOnsetSample = FirstAgentOnsetSample < 0 ? -1 : FirstAgentOnsetSample + correction,
        Cues = [.. Cues.Select(c => c with { StartSample = c.StartSample + correction, EndSample = c.EndSample + correction })],
    };
}
