using System.Text.Json;
using EfficientAI.Telephony.Conversation.Personas;
using OpenAI.Chat;

namespace EfficientAI.Telephony.Providers.Llm;

/// <summary>The three functions the caller model may call, and how their calls become persona actions.</summary>
internal static class PersonaTools
{
    public const string PressDtmf = "press_dtmf";
    public const string HangUp = "hang_up";
    public const string GoalReached = "goal_reached";

    public static IReadOnlyList<ChatTool> All { get; } =
    [
        ChatTool.CreateFunctionTool(PressDtmf, "Press telephone keys, for example when a menu says \"press 1\" or asks for digits.", BinaryData.FromString("""
            {"type":"object","properties":{"digits":{"type":"string","description":"The keys in order: 0-9, * and #","pattern":"^[0-9*#A-Da-d]+$"}},"required":["digits"]}
            """)),
        ChatTool.CreateFunctionTool(HangUp, "End the call.", BinaryData.FromString("""
            {"type":"object","properties":{"reason":{"type":"string","description":"Why the call ends, in a few words"}},"required":[]}
            """)),
        ChatTool.CreateFunctionTool(GoalReached, "Report that the goal of the call has been achieved.", BinaryData.FromString("""
            {"type":"object","properties":{"summary":{"type":"string","description":"What was achieved, in a few words"}},"required":[]}
            """)),
    ];

    /// <summary>The action for one complete tool call, or null for an unknown tool or unusable arguments.</summary>
    public static PersonaAction? ToAction(string name, string arguments)
    {
        JsonElement root = Parse(arguments);
        switch (name)
        {
            case PressDtmf:
                // RFC 4733 §3.2 events 0-15: the digits, * and #, and A-D.
                string digits = new([.. (Text(root, "digits") ?? string.Empty).ToUpperInvariant().Where(c => c is (>= '0' and <= '9') or '*' or '#' or (>= 'A' and <= 'D'))]);
                return digits.Length > 0 ? new PersonaAction.PressDtmf(digits) : null;
            case HangUp:
                return new PersonaAction.HangUp(Text(root, "reason"));
            case GoalReached:
                return new PersonaAction.GoalReached(Text(root, "summary"));
            default:
                return null;
        }
    }

    private static JsonElement Parse(string arguments)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(string.IsNullOrWhiteSpace(arguments) ? "{}" : arguments);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Models sometimes send broken arguments; the call itself still says what they meant.
            return default;
        }
    }

    private static string? Text(JsonElement root, string property) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
