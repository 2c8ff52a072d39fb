using System.Collections.Concurrent;
using EfficientAI.Telephony.Conversation.Personas;

namespace EfficientAI.Telephony.Conversation.Tests.Support;

/// <summary>A persona whose moves come from a function; remembers every context it was given.</summary>
internal sealed class DelegatePersona(Func<PersonaContext, PersonaReply> next) : IPersona
{
    public ConcurrentQueue<PersonaContext> Contexts { get; } = new();

    public ValueTask<PersonaReply> NextAsync(PersonaContext context, CancellationToken cancellationToken)
    {
        Contexts.Enqueue(context);
        return ValueTask.FromResult(next(context));
    }
}
