namespace EfficientAI.Telephony.Conversation.Agent;

/// <summary>
/// A DTMF-driven menu: the agent says <see cref="Prompt"/> after its greeting, answers each key pressed
/// (RFC 4733 event end) with its option's line, or <see cref="InvalidChoice"/> for a key with none, and
/// ignores speech.
/// </summary>
public sealed record IvrMenu(string Prompt, IReadOnlyDictionary<char, string> Options, string InvalidChoice = "Sorry, that is not a valid choice.")
{
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Prompt);
        ArgumentException.ThrowIfNullOrWhiteSpace(InvalidChoice);
        ArgumentNullException.ThrowIfNull(Options);
        foreach ((char key, string line) in Options)
        {
            if (!IsKey(key))
            {
                throw new ArgumentException($"IVR option '{key}' is not a DTMF key; use 0-9, *, #, A-D.", nameof(Options));
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                throw new ArgumentException($"IVR option '{key}' has an empty line.", nameof(Options));
            }
        }
    }

    internal static bool IsKey(char key) => key is (>= '0' and <= '9') or '*' or '#' or (>= 'A' and <= 'D');
}
