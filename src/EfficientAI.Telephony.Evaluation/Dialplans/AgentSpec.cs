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
}
