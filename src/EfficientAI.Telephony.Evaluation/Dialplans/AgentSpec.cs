using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace EfficientAI.Telephony.Evaluation.Dialplans;

/// <summary>How the built-in reference agent behaves when the dialplan targets it.</summary>
[Description("Behaviour of the built-in reference agent (used only when target is reference-agent)")]
public sealed class AgentSpec
{
    [Description("What the agent says when it answers")]
    public string Greeting { get; set; } = "Thank you for calling. How can I help you today?";

    [Description("Its replies, one per caller turn")]
    public List<string> Replies { get; set; } = [];

    [Range(0, 30000)]
    [Description("Delay between the caller's end of speech and the reply")]
    public int ReplyDelayMs { get; set; }

    [Description("Voice of the local TTS")]
    public string Voice { get; set; } = "en-us";

    [Range(0, 30000)]
    [Description("When set, each reply delay is drawn uniformly from [replyDelayMs, this]")]
    public int? ReplyDelayMaxMs { get; set; }

    [Description("Seed of the random reply delays (call n uses seed + n)")]
    public int Seed { get; set; }

    [Range(0, 60000)]
    [Description("Silence before the greeting (a slow greeting)")]
    public int GreetingDelayMs { get; set; }

    [Description("Never say anything (a dead line)")]
    public bool Silent { get; set; }

    [Range(0, 30000)]
    [Description("Stop talking this long after the caller starts speaking over the agent; absent: never stop")]
    public int? StopWhenInterruptedMs { get; set; }

    [Range(0, 30000)]
    [Description("Start replying this long after the caller starts speaking, talking over them")]
    public int? InterruptCallerAfterMs { get; set; }

    [Description("A DTMF menu said after the greeting; the keys the caller presses choose the reply")]
    public IvrSpec? Ivr { get; set; }

    [RegularExpression("^[0-9A-D*#]+$")]
    [Description("DTMF digits the agent presses after its opening")]
    public string? SendDtmf { get; set; }

    [Range(0, 100)]
    [Description("Hang up during this reply (1 = the first); 0: never")]
    public int HangUpDuringReply { get; set; }

    [Range(0, 60000)]
    [Description("How far into that reply to hang up")]
    public int HangUpAfterMs { get; set; } = 500;

    [Range(100, 600000)]
    [Description("Play generated hold music this long after the greeting")]
    public int? HoldMusicMs { get; set; }

    [Description("Act as voicemail: greeting, beep, then silence")]
    public bool Voicemail { get; set; }

    [Description("Transfer the call (REFER) to this SIP URI, or to a user name on the reference agent itself (e.g. billing)")]
    public string? TransferTo { get; set; }

    [Range(0, 600000)]
    [Description("When to transfer, after answering")]
    public int TransferAfterMs { get; set; } = 3000;

    [Range(0, 600000)]
    [Description("Put the caller on hold (re-INVITE sendonly) this long after answering")]
    public int? HoldAfterMs { get; set; }

    [Range(100, 600000)]
    [Description("How long to hold before resuming")]
    public int HoldMs { get; set; } = 2000;
}

[Description("The reference agent's DTMF menu")]
public sealed class IvrSpec
{
    [Required]
    [Description("The menu the agent says after its greeting")]
    public string? Prompt { get; set; }

    [Description("The choices, one per key")]
    public List<IvrOptionSpec> Options { get; set; } = [];

    [Description("What the agent says for a key with no choice")]
    public string InvalidChoice { get; set; } = "Sorry, that is not a valid choice.";
}

[Description("One choice of the reference agent's menu")]
public sealed class IvrOptionSpec
{
    [Required]
    [RegularExpression("^[0-9A-D*#]$")]
    [Description("The DTMF key: 0-9, *, #, A-D")]
    public string? Key { get; set; }

    [Required]
    [Description("What the agent says when the key is pressed")]
    public string? Say { get; set; }

    [Description("Name of the branch this choice reaches, for assertions.reachedBranch")]
    public string? Branch { get; set; }
}
