using EfficientAI.Telephony.Evaluation.Dialplans;
using EfficientAI.Telephony.Evaluation.Tests.Support;

namespace EfficientAI.Telephony.Evaluation.Tests.Dialplans;

public sealed class DialplanLoaderTests
{
    private const string Valid = """
        name: t
        target: sip:agent@127.0.0.1:5080
        persona:
          lines: ["Hello"]
        """;

    public static TheoryData<string> ShippedDialplans() =>
        [.. Directory.GetFiles(Repository.Dialplans, "*.yaml").Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(ShippedDialplans))]
    public void ShippedExample_IsValid(string file)
    {
        var result = DialplanLoader.CheckFile(Path.Combine(Repository.Dialplans, file));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    [Fact]
    public void Demo_BindsEveryKeyOfTheFile()
    {
        var plan = DialplanLoader.Load(Path.Combine(Repository.Dialplans, "demo.yaml"));

        Assert.True(plan.Target!.IsReferenceAgent);
        Assert.Equal(2, plan.Persona.Lines.Count);
        Assert.Equal(400, plan.Agent.ReplyDelayMs);
        Assert.Equal(3000, plan.Assertions.Latency!.MaxMs);
        Assert.Equal(0, plan.Assertions.MaxAgentInterruptions);
        Assert.Equal("completed", plan.Assertions.Outcome);
    }

    [Fact]
    public void UnknownKey_IsReportedAtItsPosition_WithTheNearestValidKey()
    {
        var error = Assert.Single(Errors("""
            target: reference-agent
            persona:
              lines: ["Hi"]
            assertions:
              outcome: completed
              latncy:
                maxMs: 900
            """, "demo.yaml"));

        Assert.Equal("demo.yaml:6:3: unknown key 'latncy' in 'assertions'; did you mean 'latency'?", error.ToString());
    }

    [Fact]
    public void UnknownKey_FarFromEveryValidKey_ListsTheValidKeys()
    {
        var error = Assert.Single(Errors(Valid + "\nfavouriteColour: blue\n"));

        Assert.Contains("unknown key 'favouriteColour'; valid keys: name, description, target,", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void WrongType_NamesTheExpectedType()
    {
        var error = Assert.Single(Errors(Valid + "\nrepeat: many\n"));

        Assert.Equal((5, 9), (error.Line, error.Column));
        Assert.Equal("'repeat' must be an integer, got 'many'", error.Message);
    }

    [Fact]
    public void ListWhereAMappingBelongs_IsAWrongType()
    {
        var error = Assert.Single(Errors(Valid + "\nlimits: [1, 2]\n"));

        Assert.StartsWith("'limits' must be a mapping of keys (maxDurationSeconds, ringTimeoutSeconds, maxSilenceSeconds), got a list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void QuotedNumber_IsNotANumber()
    {
        var error = Assert.Single(Errors(Valid + "\nlimits:\n  maxDurationSeconds: \"60\"\n"));

        Assert.Equal("'limits.maxDurationSeconds' must be an integer, got '60'", error.Message);
    }

    [Fact]
    public void MissingTarget_IsRejected()
    {
        var error = Assert.Single(Errors("persona:\n  lines: [\"Hi\"]\n"));

        Assert.Equal("target", error.Path);
        Assert.StartsWith("missing required key 'target'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("repeat: 0", "'repeat' is 0, out of range: must be between 1 and 1000")]
    [InlineData("limits:\n  ringTimeoutSeconds: 900", "'limits.ringTimeoutSeconds' is 900, out of range: must be between 1 and 300")]
    [InlineData("assertions:\n  wer:\n    expected: hi\n    max: 1.5", "'assertions.wer.max' is 1.5, out of range: must be between 0 and 1")]
    [InlineData("assertions:\n  minMos: 7", "'assertions.minMos' is 7, out of range: must be between 1 and 5")]
    public void OutOfRangeValue_IsRejectedWithTheValidRange(string yaml, string message)
    {
        var error = Assert.Single(Errors(Valid + "\n" + yaml + "\n"));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void ValueOutsideTheAllowedSet_SuggestsTheNearestOne()
    {
        var error = Assert.Single(Errors(Valid + "\nassertions:\n  outcome: complted\n"));

        Assert.Equal("'assertions.outcome' is 'complted', not one of: completed, answered, voicemail, dead-air, idle-hang-up, no-answer, busy, rejected, failed; did you mean 'completed'?", error.Message);
    }

    [Fact]
    public void TargetThatIsNotASipUri_IsRejected()
    {
        var error = Assert.Single(Errors("target: http://agent\npersona:\n  lines: [Hi]\n"));

        Assert.Equal((1, 9), (error.Line, error.Column));
        Assert.Contains("is not a sip:/sips: URI", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NumberTarget_NeedsATrunk()
    {
        var error = Assert.Single(Errors("target:\n  number: \"+14155550123\"\npersona:\n  lines: [Hi]\n"));

        Assert.Equal("target.trunk", error.Path);
    }

    [Fact]
    public void NumberTarget_WithTrunk_IsValid()
    {
        var plan = DialplanLoader.Parse("target: {number: \"+14155550123\", trunk: carrier-a}\npersona:\n  lines: [Hi]\n", "n.yaml");

        Assert.Equal("+14155550123", plan.Target!.Number);
        Assert.Equal("carrier-a", plan.Target.Trunk);
    }

    [Fact]
    public void StepWithTwoActions_IsRejected()
    {
        var error = Assert.Single(Errors(Valid + "\nsteps:\n  - say: Hi\n    press: \"1\"\n"));

        Assert.Equal((6, 5), (error.Line, error.Column));
        Assert.Equal("'steps[0]' has 2 actions (say, press); one step does exactly one thing", error.Message);
    }

    [Fact]
    public void DtmfOutsideTheTelephoneEventAlphabet_IsRejected()
    {
        var error = Assert.Single(Errors(Valid + "\nsteps:\n  - press: \"12x\"\n"));

        Assert.Equal("'steps[0].press' is '12x', which does not match ^[0-9A-D*#]+$", error.Message);
    }

    [Fact]
    public void InvalidRegex_IsRejectedAtItsPosition()
    {
        var error = Assert.Single(Errors(Valid + "\nsteps:\n  - expect:\n      regex: \"order (number\"\n"));

        Assert.Equal((7, 14), (error.Line, error.Column));
        Assert.StartsWith("expect.regex 'order (number' is not a valid regular expression", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScriptedPersona_WithoutLines_SaysTheSaySteps()
    {
        var plan = DialplanLoader.Parse("target: reference-agent\nsteps:\n  - say: One\n  - expect: order number\n  - press: \"1#\"\n  - say: Two\n  - hangup: true\n", "s.yaml");

        Assert.Equal(["One", "Two"], plan.ScriptLines());
        Assert.Equal("order number", plan.Steps[1].Expect!.Phrase);
        Assert.Equal("hangup", plan.Steps[4].Action);
    }

    [Fact]
    public void ScriptedPersona_WithNothingToSay_IsRejected()
    {
        var error = Assert.Single(Errors("target: reference-agent\n"));

        Assert.Equal("a scripted persona needs persona.lines or steps (say, interrupt, press, silenceSeconds, hangup)", error.Message);
    }

    [Fact]
    public void LlmPersona_WithoutScenarioAndGoal_IsRejected_NamingBoth()
    {
        var errors = Errors("target: reference-agent\npersona:\n  type: llm\n");

        Assert.Equal(["scenario", "goal"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.Equal((3, 3), (e.Line, e.Column)));
    }

    [Fact]
    public void InterruptStep_TakesALineOrALineAndItsMoment()
    {
        var plan = DialplanLoader.Parse("target: reference-agent\nsteps:\n  - interrupt: Sorry to cut in\n  - interrupt: {say: One more thing, afterMs: 300}\n", "t.yaml");

        Assert.Equal(("Sorry to cut in", 800), (plan.Steps[0].Interrupt!.Say, plan.Steps[0].Interrupt!.AfterMs));
        Assert.Equal(("One more thing", 300), (plan.Steps[1].Interrupt!.Say, plan.Steps[1].Interrupt!.AfterMs));
        Assert.Equal(["Sorry to cut in", "One more thing"], plan.ScriptLines());
    }

    [Fact]
    public void SyntaxError_IsReportedWithItsPosition()
    {
        var error = Assert.Single(Errors("target: reference-agent\npersona:\n  lines: [\"Hi\"\n"));

        Assert.Equal("x.yaml", error.Source);
        Assert.StartsWith("not valid YAML", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 3, error.ToString());
    }

    [Fact]
    public void EveryProblem_IsReported_NotOnlyTheFirst()
    {
        var errors = Errors("repeat: -1\npersona:\n  wordsPerMinut: 170\n  lines: [Hi]\nassertions:\n  latency:\n    p50Ms: 900\n    p95Ms: 500\n");

        Assert.Equal(["repeat", "persona.wordsPerMinut", "target", "assertions.latency"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Load_ThrowsEveryErrorInItsMessage()
    {
        var ex = Assert.Throws<DialplanException>(() => DialplanLoader.Parse("repeat: 0\n", "bad.yaml"));

        Assert.Equal(3, ex.Errors.Count);
        Assert.Contains("bad.yaml:1:9: 'repeat' is 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_IsAnError()
    {
        var result = DialplanLoader.CheckFile("/nonexistent/plan.yaml");

        Assert.Equal("/nonexistent/plan.yaml:1:1: file not found", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Name_DefaultsToTheFileName()
    {
        var plan = DialplanLoader.Parse("target: reference-agent\npersona:\n  lines: [Hi]\n", "dialplans/returns.yaml");

        Assert.Equal("returns", plan.Name);
    }

    private static IReadOnlyList<DialplanError> Errors(string yaml, string source = "x.yaml")
    {
        var result = DialplanLoader.Check(yaml, source);
        Assert.False(result.IsValid);
        return result.Errors;
    }
}
