namespace EfficientAI.Telephony.Conversation.Personas;

/// <summary>
/// What a persona knows when it is asked for its next move: the turns so far in order (the agent's
/// texts are null unless a transcriber filled them in) and how many lines it has already said.
/// </summary>
public sealed record PersonaContext(int TurnNumber, IReadOnlyList<TranscriptEntry> Transcript)
{
    /// <summary>The agent's latest turn, if any.</summary>
    public TranscriptEntry? LastAgentTurn
    {
        get
        {
            for (int i = Transcript.Count - 1; i >= 0; i--)
            {
                if (Transcript[i].Speaker == Timeline.Speaker.Agent)
                {
                    return Transcript[i];
                }
            }

            return null;
        }
    }
}
