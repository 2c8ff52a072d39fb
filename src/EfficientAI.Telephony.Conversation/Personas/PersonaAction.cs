namespace EfficientAI.Telephony.Conversation.Personas;

/// <summary>One step of a streamed persona move.</summary>
public abstract record PersonaAction
{
    private PersonaAction()
    {
    }

    /// <summary>
    /// The model produced its first token: the moment a timeline stamps as "LLM first token".
    /// Comes once per move, before anything else, when the persona streams from a model.
    /// </summary>
    public sealed record FirstToken : PersonaAction;

    /// <summary>A complete sentence to speak.</summary>
    public sealed record Sentence(string Text) : PersonaAction;

    /// <summary>Press these keys (0-9, *, #, A-D) as RFC 4733 telephone events.</summary>
    public sealed record PressDtmf(string Digits) : PersonaAction;

    /// <summary>End the call once what was said so far has been spoken.</summary>
    public sealed record HangUp(string? Reason) : PersonaAction;

    /// <summary>The persona judges that the goal of its scenario is reached.</summary>
    public sealed record GoalReached(string? Summary) : PersonaAction;
}
