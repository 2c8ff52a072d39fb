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

    /// <summary>
    /// Extra wait after the caller's end of turn is detected, before the reply starts; the lower bound
    /// when <see cref="ReplyDelayMax"/> is set.
    /// </summary>
    public TimeSpan ReplyDelay { get; init; } = TimeSpan.Zero;

    /// <summary>When set, each reply's delay is drawn uniformly from [<see cref="ReplyDelay"/>, this] with <see cref="Seed"/>.</summary>
    public TimeSpan? ReplyDelayMax { get; init; }

    /// <summary>Seed of the reply-delay draws, so a run can be repeated exactly.</summary>
    public int Seed { get; init; }

    /// <summary>Silence before the greeting starts (a slow greeting).</summary>
    public TimeSpan GreetingDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Stop speaking when the caller starts a turn over the agent (barge-in).</summary>
    public bool StopWhenInterrupted { get; init; }

    /// <summary>How long after the caller's first voiced sample the agent stops (with <see cref="StopWhenInterrupted"/>); it never stops before it has confirmed the onset.</summary>
    public TimeSpan StopAfterInterruption { get; init; } = TimeSpan.Zero;

    /// <summary>When set, the agent does not wait for the caller to finish: its reply starts this long after the caller's first voiced sample.</summary>
    public TimeSpan? InterruptCallerAfter { get; init; }

    /// <summary>A DTMF menu; when set, keys pressed drive the replies and speech is ignored.</summary>
    public IvrMenu? Ivr { get; init; }

    /// <summary>Digits the agent presses (RFC 4733) once its opening (greeting, beep, hold music) has played.</summary>
    public string? DtmfAfterOpening { get; init; }

    /// <summary>Hang up during this reply (1 = the first); 0 never.</summary>
    public int HangUpDuringReply { get; init; }

    /// <summary>How far into that reply the agent cuts its audio and hangs up.</summary>
    public TimeSpan HangUpAfter { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Hold music played after the greeting (and beep) for this long, before the agent listens.</summary>
    public TimeSpan? HoldMusic { get; init; }

    /// <summary>A voicemail: after the greeting a beep, then the agent listens and never replies.</summary>
    public bool Voicemail { get; init; }

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

        if (ReplyDelayMax is { } max && max < ReplyDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(ReplyDelayMax), max, $"ReplyDelayMax must be at least ReplyDelay ({ReplyDelay.TotalMilliseconds} ms).");
        }

        NotNegative(GreetingDelay, nameof(GreetingDelay));
        NotNegative(StopAfterInterruption, nameof(StopAfterInterruption));
        NotNegative(InterruptCallerAfter ?? TimeSpan.Zero, nameof(InterruptCallerAfter));
        NotNegative(HangUpAfter, nameof(HangUpAfter));
        ArgumentOutOfRangeException.ThrowIfNegative(HangUpDuringReply);
        if (HoldMusic is { } hold && hold < TimeSpan.FromMilliseconds(20))
        {
            throw new ArgumentOutOfRangeException(nameof(HoldMusic), hold, "HoldMusic must last at least 20 ms.");
        }

        Ivr?.Validate();
        foreach (char digit in DtmfAfterOpening ?? "")
        {
            if (!IvrMenu.IsKey(digit))
            {
                throw new ArgumentException($"DtmfAfterOpening: '{digit}' is not a DTMF key; use 0-9, *, #, A-D.", nameof(DtmfAfterOpening));
            }
        }

        static void NotNegative(TimeSpan value, string name)
        {
            if (value < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} cannot be negative.");
            }
        }
    }
}
