namespace EfficientAI.Telephony.Conversation.Personas;

/// <summary>Says its lines in order, one per turn, whatever the agent said; then hangs up.</summary>
public sealed class ScriptedPersona : IPersona
{
    private readonly string[] _lines;

    public ScriptedPersona(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        _lines = [.. lines];
        for (int i = 0; i < _lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(_lines[i]))
            {
                throw new ArgumentException($"Line {i + 1} of the script is empty.", nameof(lines));
            }
        }
    }

    public IReadOnlyList<string> Lines => _lines;

    public ValueTask<PersonaReply> NextAsync(PersonaContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(context.TurnNumber < _lines.Length
            ? PersonaReply.Say(_lines[context.TurnNumber])
            : PersonaReply.HangUpNow);
    }
}
