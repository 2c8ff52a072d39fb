using EfficientAI.Telephony.Conversation.Vad;

namespace EfficientAI.Telephony.Conversation.Caller;

public sealed record CallerConversationOptions
{
    /// <summary>Rate of the frames and of the media clock (8000 for G.711).</summary>
    public int SampleRate { get; init; } = 8000;

    /// <summary>Silence that ends the agent's greeting (greetings often pause between sentences).</summary>
    public TimeSpan GreetingHangover { get; init; } = TimeSpan.FromMilliseconds(600);

    /// <summary>Silence that ends the agent's reply to a caller line.</summary>
    public TimeSpan ReplyHangover { get; init; } = TimeSpan.FromMilliseconds(600);

    /// <summary>How long the caller waits for the agent to start speaking before giving up.</summary>
    public TimeSpan MaxAgentSilence { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Hard limit on the conversation, counted on the media clock from the first frame.</summary>
    public TimeSpan MaxCallDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Onset and level rules for the agent's speech (the hangover here is replaced by the two above).</summary>
    public EndOfTurnOptions TurnDetection { get; init; } = new();

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SampleRate);
        ArgumentNullException.ThrowIfNull(TurnDetection);
        TurnDetection.Validate();
        Check(GreetingHangover, nameof(GreetingHangover), TimeSpan.FromMilliseconds(20));
        Check(ReplyHangover, nameof(ReplyHangover), TimeSpan.FromMilliseconds(20));
        Check(MaxAgentSilence, nameof(MaxAgentSilence), TimeSpan.FromMilliseconds(100));
        Check(MaxCallDuration, nameof(MaxCallDuration), TimeSpan.FromSeconds(1));

        static void Check(TimeSpan value, string name, TimeSpan minimum)
        {
            if (value < minimum)
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {minimum.TotalMilliseconds} ms.");
            }
        }
    }
}
