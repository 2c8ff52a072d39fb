namespace EfficientAI.Telephony.Conversation.Personas;

/// <summary>The simulated caller's mind: given the conversation so far, what to say next.</summary>
public interface IPersona
{
    ValueTask<PersonaReply> NextAsync(PersonaContext context, CancellationToken cancellationToken);
}
