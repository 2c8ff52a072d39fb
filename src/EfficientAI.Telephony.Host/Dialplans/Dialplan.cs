namespace EfficientAI.Telephony.Host.Dialplans;

/// <summary>
/// What one test call does (dialplans/*.yaml): whom to call, the persona that speaks, limits, and what a good call is.
/// This is the first, small shape of the model; issue 7 grows it (steps, impairments, judge).
/// </summary>
public sealed class Dialplan
{
    public string Name { get; set; } = "";

    /// <summary>A SIP URI, or "reference-agent" for the built-in agent.</summary>
    public string? Target { get; set; }

    public PersonaSpec Persona { get; set; } = new();

    public AgentSpec Agent { get; set; } = new();

    public LimitsSpec Limits { get; set; } = new();

    public AssertionsSpec Assertions { get; set; } = new();
}

public sealed class PersonaSpec
{
    /// <summary>"scripted" (the offline default).</summary>
    public string Type { get; set; } = "scripted";

    public string Voice { get; set; } = "en-us";

    public int WordsPerMinute { get; set; } = 175;

    public List<string> Lines { get; set; } = [];
}

/// <summary>How the built-in reference agent behaves when the dialplan targets it.</summary>
public sealed class AgentSpec
{
    public string Greeting { get; set; } = "Thank you for calling. How can I help you today?";

    public List<string> Replies { get; set; } = [];

    public int ReplyDelayMs { get; set; }

    public string Voice { get; set; } = "en-us";
}

public sealed class LimitsSpec
{
    public int MaxDurationSeconds { get; set; } = 60;

    public int RingTimeoutSeconds { get; set; } = 30;

    /// <summary>How long the caller waits for the agent to speak before giving up.</summary>
    public int MaxSilenceSeconds { get; set; } = 10;
}

public sealed class AssertionsSpec
{
    /// <summary>Expected outcome (completed, busy, …).</summary>
    public string? Outcome { get; set; }

    /// <summary>Every agent response latency must be at most this.</summary>
    public double? MaxResponseLatencyMs { get; set; }

    /// <summary>At least this many agent turns (the greeting counts).</summary>
    public int? MinAgentTurns { get; set; }
}
