namespace EfficientAI.Telephony.Conversation.Personas;

/// <summary>
/// A persona that thinks out loud: its next move arrives as a stream of actions, so the caller can
/// start speaking the first complete sentence while the rest is still being generated.
/// </summary>
public interface IStreamingPersona : IPersona
{
    /// <summary>
    /// The actions of the next move in order. <see cref="PersonaAction.Sentence"/> items are complete
    /// sentences, ready for speech synthesis; the stream ends when the move is complete.
    /// </summary>
    IAsyncEnumerable<PersonaAction> StreamAsync(PersonaContext context, CancellationToken cancellationToken);
}
