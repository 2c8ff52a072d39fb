namespace EfficientAI.Telephony.Conversation.Personas;

/// <summary>
/// A persona's move: say <see cref="Text"/>, hang up, or say a last line and then hang up.
/// </summary>
public sealed record PersonaReply
{
    private PersonaReply(string? text, bool hangUp)
    {
        Text = text;
        HangUp = hangUp;
    }

    /// <summary>The line to speak, or null to say nothing.</summary>
    public string? Text { get; }

    /// <summary>End the call (after speaking <see cref="Text"/>, if any).</summary>
    public bool HangUp { get; }

    public static PersonaReply Say(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return new PersonaReply(text, hangUp: false);
    }

    public static PersonaReply SayAndHangUp(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return new PersonaReply(text, hangUp: true);
    }

    public static PersonaReply HangUpNow { get; } = new(null, hangUp: true);
}
