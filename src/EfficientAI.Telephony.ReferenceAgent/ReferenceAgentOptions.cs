using System.Net;
using EfficientAI.Telephony.Conversation.Agent;
using EfficientAI.Telephony.Conversation.Speech;

namespace EfficientAI.Telephony.ReferenceAgent;

/// <summary>How the built-in voice agent behaves. Each behaviour logs its own ground truth.</summary>
public sealed record ReferenceAgentOptions
{
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 0);

    public string Greeting { get; init; } = "Thank you for calling. How can I help you today?";

    /// <summary>Reply lines, used in order and cycled.</summary>
    public IReadOnlyList<string> Replies { get; init; } = ["I see. Could you tell me more about that?"];

    /// <summary>Extra delay after the caller's end of turn is detected, before the reply starts (the minimum with <see cref="ReplyDelayMax"/>).</summary>
    public TimeSpan ReplyDelay { get; init; } = TimeSpan.Zero;

    /// <summary>When set, each reply's delay is uniform in [<see cref="ReplyDelay"/>, this], drawn with <see cref="Seed"/> + the call's number.</summary>
    public TimeSpan? ReplyDelayMax { get; init; }

    /// <summary>Seed of every random choice; call n (0, 1, …) of this agent uses Seed + n, so a run repeats exactly.</summary>
    public int Seed { get; init; }

    /// <summary>Silence between the answer and the greeting (a slow greeting).</summary>
    public TimeSpan GreetingDelay { get; init; } = TimeSpan.Zero;

    /// <summary>The agent never says anything (no greeting, no replies).</summary>
    public bool Silent { get; init; }

    /// <summary>Stop talking when the caller talks over the agent, <see cref="StopAfterInterruption"/> after the caller's onset.</summary>
    public bool StopWhenInterrupted { get; init; }

    public TimeSpan StopAfterInterruption { get; init; } = TimeSpan.Zero;

    /// <summary>When set, the agent starts its reply this long after the caller starts speaking, talking over them.</summary>
    public TimeSpan? InterruptCallerAfter { get; init; }

    /// <summary>A DTMF menu said after the greeting; keys drive the replies.</summary>
    public IvrMenu? Ivr { get; init; }

    /// <summary>Digits the agent presses after its opening.</summary>
    public string? DtmfAfterOpening { get; init; }

    /// <summary>Hang up <see cref="HangUpAfter"/> into this reply (1 = the first); 0 never.</summary>
    public int HangUpDuringReply { get; init; }

    public TimeSpan HangUpAfter { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Generated hold music played after the greeting for this long.</summary>
    public TimeSpan? HoldMusic { get; init; }

    /// <summary>
    /// Transfer every call to this URI (REFER, RFC 3515) <see cref="TransferAfter"/> after answering, then hang up once
    /// the NOTIFYs report the outcome, as a transferring agent does.
    /// </summary>
    public Sip.Messages.SipUri? TransferTo { get; init; }

    /// <summary>Transfer to this user at the agent's own address (e.g. "billing"), when <see cref="TransferTo"/> is not set: a target that answers on one machine.</summary>
    public string? TransferToUser { get; init; }

    public TimeSpan TransferAfter { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Put the caller on hold (re-INVITE sendonly) this long after answering, for <see cref="HoldFor"/>, then resume.</summary>
    public TimeSpan? HoldAfter { get; init; }

    public TimeSpan HoldFor { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Voicemail: the greeting, a beep, then silence while it "records".</summary>
    public bool Voicemail { get; init; }

    public VoiceOptions Voice { get; init; } = VoiceOptions.Default;

    /// <summary>The agent hangs up a call that lasts longer than this.</summary>
    public TimeSpan MaxCallDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Where to append one JSON line of ground truth per call; null keeps it in memory only.</summary>
    public string? GroundTruthPath { get; init; }

    /// <summary>The conversation options of the <paramref name="callNumber"/>-th call (0-based).</summary>
    public AgentConversationOptions ToConversationOptions(int callNumber) => new()
    {
        Greeting = Silent ? null : Greeting,
        Replies = Silent ? [] : Replies,
        ReplyDelay = ReplyDelay,
        ReplyDelayMax = ReplyDelayMax,
        Seed = unchecked(Seed + callNumber),
        GreetingDelay = GreetingDelay,
        StopWhenInterrupted = StopWhenInterrupted,
        StopAfterInterruption = StopAfterInterruption,
        InterruptCallerAfter = InterruptCallerAfter,
        Ivr = Silent ? null : Ivr,
        DtmfAfterOpening = DtmfAfterOpening,
        HangUpDuringReply = HangUpDuringReply,
        HangUpAfter = HangUpAfter,
        HoldMusic = HoldMusic,
        Voicemail = Voicemail,
        Voice = Voice,
    };
}
