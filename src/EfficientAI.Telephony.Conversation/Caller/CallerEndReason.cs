namespace EfficientAI.Telephony.Conversation.Caller;

/// <summary>Why the simulated caller stopped.</summary>
public enum CallerEndReason
{
    /// <summary>The persona had nothing more to say: the normal end.</summary>
    PersonaHungUp,

    /// <summary>The agent never spoke within the maximum silence after the call started.</summary>
    NoGreeting,

    /// <summary>The agent did not answer a caller line within the maximum silence.</summary>
    AgentSilent,

    /// <summary>The call reached its maximum duration.</summary>
    MaxDurationReached,

    /// <summary>The agent answered the maximum number of caller turns.</summary>
    MaxTurnsReached,

    /// <summary>Stopped from outside, e.g. the agent hung up.</summary>
    Stopped,

    /// <summary>The persona or the speech synthesiser failed.</summary>
    Failed,
}
