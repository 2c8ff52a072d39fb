using System.ComponentModel;

namespace EfficientAI.Telephony.Evaluation.Dialplans;

/// <summary>
/// Whom to call. Written either as a plain string (the URI) or as a mapping; a number needs the trunk that reaches it.
/// </summary>
[ScalarShorthand(nameof(Uri))]
[Description("A SIP URI / \"reference-agent\", or {uri} or {number, trunk}")]
public sealed class TargetSpec
{
    /// <summary>The value that means the built-in reference agent (started by the harness on a free loopback port).</summary>
    public const string ReferenceAgent = "reference-agent";

    [Description("sip:/sips: URI of the agent, or \"reference-agent\"")]
    public string? Uri { get; set; }

    [Description("E.164 or local number dialled through a trunk")]
    public string? Number { get; set; }

    [Description("Name of the configured trunk that carries calls to 'number'")]
    public string? Trunk { get; set; }

    public bool IsReferenceAgent => string.Equals(Uri, ReferenceAgent, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Uri ?? $"{Number} via {Trunk}";
}
