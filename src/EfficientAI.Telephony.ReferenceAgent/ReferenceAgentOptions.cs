using System.Net;
using EfficientAI.Telephony.Conversation.Speech;

namespace EfficientAI.Telephony.ReferenceAgent;

/// <summary>How the built-in voice agent behaves. Each behaviour logs its own ground truth.</summary>
public sealed record ReferenceAgentOptions
{
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 0);

    public string Greeting { get; init; } = "Thank you for calling. How can I help you today?";

    /// <summary>Reply lines, used in order and cycled.</summary>
    public IReadOnlyList<string> Replies { get; init; } = ["I see. Could you tell me more about that?"];

    /// <summary>Extra delay after the caller's end of turn is detected, before the reply starts.</summary>
    public TimeSpan ReplyDelay { get; init; } = TimeSpan.Zero;

    public VoiceOptions Voice { get; init; } = VoiceOptions.Default;

    /// <summary>The agent hangs up a call that lasts longer than this.</summary>
    public TimeSpan MaxCallDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Where to append one JSON line of ground truth per call; null keeps it in memory only.</summary>
    public string? GroundTruthPath { get; init; }
}
