using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Conversation.Vad;

namespace EfficientAI.Telephony.Conversation.Agent;

public sealed record AgentConversationOptions
{
    /// <summary>Rate of the frames and of the media clock (8000 for G.711).</summary>
    public int SampleRate { get; init; } = 8000;

    /// <summary>Said as soon as the call's audio starts; null for an agent that waits for the caller.</summary>
    public string? Greeting { get; init; } = "Hello, thank you for calling. How can I help you?";

    /// <summary>One reply per caller turn, in order, starting again from the first after the last.</summary>
    public IReadOnlyList<string> Replies { get; init; } = ["I see. Could you tell me more?"];

    /// <summary>Extra wait after the caller's end of turn is detected, before the reply starts.</summary>
    public TimeSpan ReplyDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Stop speaking as soon as the caller starts a turn (barge-in).</summary>
    public bool StopWhenInterrupted { get; init; }

    public VoiceOptions Voice { get; init; } = VoiceOptions.Default;

    /// <summary>End-of-turn rules for the caller's speech (hangover 600 ms by default).</summary>
    public EndOfTurnOptions TurnDetection { get; init; } = new();

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SampleRate);
        ArgumentNullException.ThrowIfNull(Replies);
        ArgumentNullException.ThrowIfNull(Voice);
        ArgumentNullException.ThrowIfNull(TurnDetection);
        TurnDetection.Validate();
        if (Greeting is not null && string.IsNullOrWhiteSpace(Greeting))
        {
            throw new ArgumentException("Greeting must be null (no greeting) or a line of text.", nameof(Greeting));
        }

        for (int i = 0; i < Replies.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Replies[i]))
            {
                throw new ArgumentException($"Reply {i + 1} is empty.", nameof(Replies));
            }
        }

        if (ReplyDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ReplyDelay), ReplyDelay, "ReplyDelay cannot be negative.");
        }
    }
}
