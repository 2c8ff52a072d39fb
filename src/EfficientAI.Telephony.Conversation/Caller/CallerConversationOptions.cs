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

    /// <summary>Turns (0 = the first caller move) said over the agent's speech, this long after its onset, instead of after its end of turn.</summary>
    public IReadOnlyDictionary<int, TimeSpan> BargeIn { get; init; } = new Dictionary<int, TimeSpan>();

    /// <summary>Turns in which the caller presses these DTMF keys (RFC 4733) instead of speaking; the persona is not asked.</summary>
    public IReadOnlyDictionary<int, string> Dtmf { get; init; } = new Dictionary<int, string>();

    /// <summary>Turns in which the caller says nothing for this long and then waits for the agent again; the persona is not asked.</summary>
    public IReadOnlyDictionary<int, TimeSpan> Silences { get; init; } = new Dictionary<int, TimeSpan>();

    /// <summary>Extra wait before these turns start, counted from the end of the agent's turn they answer (a caller who pauses to think).</summary>
    public IReadOnlyDictionary<int, TimeSpan> Pauses { get; init; } = new Dictionary<int, TimeSpan>();

    /// <summary>
    /// After this long without an answer the caller says <see cref="NudgeLine"/> once per line ("hello?"), as people
    /// do on a silent line, and waits again; null never nudges. Shorter than <see cref="MaxAgentSilence"/> to matter.
    /// </summary>
    public TimeSpan? NudgeAfter { get; init; }

    public string NudgeLine { get; init; } = "Hello? Are you still there?";

    /// <summary>Hang up once the agent has answered this many caller moves; null for no limit.</summary>
    public int? MaxTurns { get; init; }

    /// <summary>Stop our own line within one frame when the agent starts talking over it.</summary>
    public bool YieldWhenInterrupted { get; init; }

    /// <summary>Silence after the caller's turn longer than this, before the agent speaks, counts as dead air.</summary>
    public TimeSpan DeadAirThreshold { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Silence of the agent that shows it stopped talking after the caller barged in.</summary>
    public TimeSpan StopSilence { get; init; } = TimeSpan.FromMilliseconds(300);

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
        Check(DeadAirThreshold, nameof(DeadAirThreshold), TimeSpan.FromMilliseconds(20));
        Check(StopSilence, nameof(StopSilence), TimeSpan.FromMilliseconds(20));
        ArgumentNullException.ThrowIfNull(BargeIn);
        ArgumentNullException.ThrowIfNull(Dtmf);
        ArgumentException.ThrowIfNullOrWhiteSpace(NudgeLine);
        if (NudgeAfter is { } nudge)
        {
            Check(nudge, nameof(NudgeAfter), TimeSpan.FromMilliseconds(100));
        }

        ArgumentNullException.ThrowIfNull(Silences);
        ArgumentNullException.ThrowIfNull(Pauses);
        if (MaxTurns is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTurns), MaxTurns, "MaxTurns cannot be negative (0: hang up after the greeting; null: no limit).");
        }

        foreach ((int turn, TimeSpan after) in BargeIn)
        {
            if (turn < 0 || after < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(BargeIn), $"BargeIn[{turn}] = {after.TotalMilliseconds} ms: turns count from 0 and the wait cannot be negative.");
            }
        }

        CheckTurns(Silences, nameof(Silences), TimeSpan.FromMilliseconds(20));
        CheckTurns(Pauses, nameof(Pauses), TimeSpan.Zero);
        foreach ((int turn, string digits) in Dtmf)
        {
            if (turn < 0 || string.IsNullOrEmpty(digits) || !digits.All(static d => d is (>= '0' and <= '9') or '*' or '#' or (>= 'A' and <= 'D')))
            {
                throw new ArgumentException($"Dtmf[{turn}] = \"{digits}\": turns count from 0 and keys are 0-9, *, #, A-D.", nameof(Dtmf));
            }
        }

        static void CheckTurns(IReadOnlyDictionary<int, TimeSpan> turns, string name, TimeSpan minimum)
        {
            foreach ((int turn, TimeSpan length) in turns)
            {
                if (turn < 0 || length < minimum)
                {
                    throw new ArgumentOutOfRangeException(name, $"{name}[{turn}] = {length.TotalMilliseconds} ms: turns count from 0 and the time must be at least {minimum.TotalMilliseconds} ms.");
                }
            }
        }

        static void Check(TimeSpan value, string name, TimeSpan minimum)
        {
            if (value < minimum)
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {minimum.TotalMilliseconds} ms.");
            }
        }
    }
}
