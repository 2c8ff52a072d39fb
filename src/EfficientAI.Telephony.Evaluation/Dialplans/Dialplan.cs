using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace EfficientAI.Telephony.Evaluation.Dialplans;

/// <summary>
/// What one test call does (dialplans/*.yaml): whom to call, who the caller is and what they do, the line conditions,
/// and what a good call is. YAML keys are the camelCase property names; <see cref="DialplanLoader"/> binds them with
/// positions for errors and <see cref="DialplanSchema"/> turns this model into the JSON Schema editors read.
/// </summary>
[Description("A dialplan: one test call (or N repeats of it) against a voice agent")]
public sealed class Dialplan
{
    [Description("Name shown in reports; defaults to the file name")]
    public string Name { get; set; } = "";

    [Description("What this dialplan checks, for people")]
    public string? Description { get; set; }

    [Required]
    [Description("Whom to call: a SIP URI, \"reference-agent\" for the built-in agent, or {number, trunk}")]
    public TargetSpec? Target { get; set; }

    [Description("The simulated caller")]
    public PersonaSpec Persona { get; set; } = new();

    [Description("The situation the caller is in, in words (for an LLM persona and the judge)")]
    public string? Scenario { get; set; }

    [Description("What the caller wants to achieve; the judge scores task success against it")]
    public string? Goal { get; set; }

    [Description("What the caller does, in order; a scripted persona without lines says the 'say' steps")]
    public List<StepSpec> Steps { get; set; } = [];

    [Description("Branches of the agent's menu and the phrase the agent says on reaching each, for assertions.reachedBranch")]
    public List<BranchSpec> Branches { get; set; } = [];

    [Description("Line conditions: network impairment profile and background noise")]
    public ImpairmentSpec Impairment { get; set; } = new();

    [Range(1, 1000)]
    [Description("How many times the call is placed; pass rate and spread are reported per assertion")]
    public int Repeat { get; set; } = 1;

    [Description("How the built-in reference agent behaves when the target is reference-agent")]
    public AgentSpec Agent { get; set; } = new();

    [Description("Bounds of the call")]
    public LimitsSpec Limits { get; set; } = new();

    [Description("What a good call is")]
    public AssertionsSpec Assertions { get; set; } = new();

    /// <summary>The caller's lines as the scripted persona speaks them: persona.lines, else the 'say' and 'interrupt' steps in order.</summary>
    public IReadOnlyList<string> ScriptLines() =>
        Persona.Lines.Count > 0 ? Persona.Lines : [.. Steps.Select(s => s.Say ?? s.Interrupt?.Say).OfType<string>()];

    /// <summary>
    /// The branches assertions.reachedBranch can name: those listed under 'branches', and, when the target is the
    /// reference agent, each named choice of its menu (reached when the agent says that choice's line).
    /// </summary>
    public IReadOnlyList<BranchSpec> KnownBranches()
    {
        var known = new List<BranchSpec>(Branches);
        if (Target?.IsReferenceAgent == true && Agent.Ivr is { } ivr)
        {
            known.AddRange(ivr.Options
                .Where(o => o.Branch is not null && o.Say is not null && !known.Any(b => b.Name == o.Branch))
                .Select(o => new BranchSpec { Name = o.Branch, Phrase = o.Say }));
        }

        return known;
    }
}

[Description("A branch of the agent's menu, recognised by what the agent says on reaching it")]
public sealed class BranchSpec
{
    [Required]
    [Description("The branch's name, as assertions.reachedBranch names it")]
    public string? Name { get; set; }

    [Required]
    [Description("A phrase the agent says on reaching the branch (normalised containment)")]
    public string? Phrase { get; set; }
}
