using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace EfficientAI.Telephony.Evaluation.Dialplans;

[Description("The simulated caller")]
public sealed class PersonaSpec
{
    public const string Scripted = "scripted";
    public const string Llm = "llm";

    [AllowedValues(Scripted, Llm)]
    [Description("scripted: says 'lines' in order (offline default); llm: an OpenAI-compatible model plays the caller")]
    public string Type { get; set; } = Scripted;

    [Description("Voice of the local TTS (espeak-ng voice name, e.g. en-us)")]
    public string Voice { get; set; } = "en-us";

    [Range(80, 450)]
    [Description("Speaking rate")]
    public int WordsPerMinute { get; set; } = 175;

    [Description("What a scripted caller says, one line per turn")]
    public List<string> Lines { get; set; } = [];

    [Range(0.1, 600.0)]
    [Description("After this many seconds without an answer the caller says 'nudgeLine' once (\"hello?\") and waits again")]
    public double? NudgeAfterSeconds { get; set; }

    [Description("What the caller says into the agent's silence")]
    public string NudgeLine { get; set; } = "Hello? Are you still there?";

    [Description("How an LLM caller behaves (e.g. impatient, talks over the agent, hard of hearing)")]
    public List<string> Traits { get; set; } = [];
}
