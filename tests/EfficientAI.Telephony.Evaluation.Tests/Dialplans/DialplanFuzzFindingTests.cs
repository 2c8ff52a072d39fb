using EfficientAI.Telephony.Evaluation.Dialplans;

namespace EfficientAI.Telephony.Evaluation.Tests.Dialplans;

/// <summary>Inputs the fuzz tests (tests/EfficientAI.Telephony.Fuzz.Tests) found, kept with their exact text.</summary>
public sealed class DialplanFuzzFindingTests
{
    /// <summary>
    /// dialplan-mutation, seed 7HVJv0I0BD_3: a U+FFFD and a NUL in the first comment, and two shipped dialplans spliced
    /// together. YamlDotNet threw an ArgumentException ("The current event is of an unsupported type") out of Check.
    /// </summary>
    private const string SplicedWithNul =
        "#`yaml-language-serv�\u0000: $schema=dialplan.schema.json\n" +
        "# The demo call: a scripted caller returns shoes to the built-in reference agent.\n" +
        "name: demo\n" +
        "description: A customer returns shoes; the reference agent answers every turn within the latency budget.\n" +
        "target: reference-agent\n" +
        "persona:\n" +
        "  type: scripted\n" +
        "  voice: en-us\n" +
        "  lines:\n" +
        "    - \"Hi, I bought a pair of shoes last week and I would like to return them.\"\n" +
        "    - \"I don't have the receipt any more. Can you still help me?\"\n" +
        "scenario: A customer bought shoe# yaml-language-server: $schema=dialplan.schema.json\n" +
        "# A latency service level: the agent must answer fast on every turn, and the greeting must come quickly.\n" +
        "name: latency-slo\n" +
        "description: Three short questions; p50 under 1.5 s, p95 and worst under 2.5 s, no long dead air.\n" +
        "target: reference-agent\n" +
        "persona:\n" +
        "  lines:\n" +
        "    - \"What are your opening hours?\"\n" +
        "    - \"Do you have a store in Boston?\"\n" +
        "    - \"Thanks, that's all.\"\n" +
        "agent:\n" +
        "  greeting: \"Acme Shoes, how can I help?\"\n" +
        "  replies:\n" +
        "    - \"We are open from 9 to 6, Monday to Saturday.\"\n" +
        "    - \"Yes, on 42 Newbury Street.\"\n" +
        "    - \"You're welcome, goodbye.\"\n" +
        "  replyDelayMs: 300\n" +
        "limits:\n" +
        "  maxDurationSeconds: 60\n" +
        "  maxSilenceSeconds: 8\n" +
        "assertions:\n" +
        "  outcome: completed\n" +
        "  latency:\n" +
        "    p50Ms: 1500\n" +
        "    p95Ms: 2500\n" +
        "    maxMs: 2500\n" +
        "  timeToFirstAudioMs: 2000\n" +
        "  maxDeadAirMs: 4000\n" +
        "  mustSay:\n" +
        "    - \"open from nine to six\"\n" +
        "  mustNotSay:\n" +
        "    - \"I don't know\"\n" +
        "  wer:\n" +
        "    expected: >-\n" +
        "      Acme Shoes, how can I help? We are open from 9 to 6, Monday to Saturday.\n" +
        "      Yes, on 42 Newbury Street. You're welcome, goodbye.\n" +
        "    max: 0.05\n";

    /// <summary>
    /// dialplan-grammar, seed 7kJLKYIJbKR2: a shipped dialplan followed by an unclosed flow sequence and more mappings.
    /// YamlDotNet's scanner threw an InvalidOperationException out of Check.
    /// </summary>
    private const string UnclosedFlowSequence =
        "# yaml-language-server: $schema=dialplan.schema.json\n" +
        "# Designed to fail: the reference agent is told to be slow, and the dialplan holds it to a tight budget.\n" +
        "# `./efficientai demo --dialplan dialplans/designed-to-fail.yaml` exits 1: latency.maxMs and mustSay fail with measured value and threshold, and the judge criterion is reported not run (judge off).\n" +
        "name: designed-to-fail\n" +
        "description: A slow agent against a 1 s latency budget; proves failures are reported with measured value and threshold.\n" +
        "target: reference-agent\n" +
        "persona:\n" +
        "  lines:\n" +
        "    - \"Hello, I'd like to check my order status.\"\n" +
        "agent:\n" +
        "  greeting: \"Hello.\"\n" +
        "  replies:\n" +
        "    - \"Let me look into that for you.\"\n" +
        "  replyDelayMs: 2000\n" +
        "limits:\n" +
        "  maxDurationSeconds: 30\n" +
        "  maxSilenceSeconds: 8\n" +
        "assertions:\n" +
        "  outcome: completed\n" +
        "  latency:\n" +
        "    maxMs: 1000\n" +
        "  mustSay:\n" +
        "    - \"your order has shipped\"\n" +
        "  judge:\n" +
        "    criteria:\n" +
        "      - \"The agent tells the caller the status of the order\"\n" +
        "\n" +
        "    lines: [a, b\n" +
        "   x: -1\n" +
        "? a: {a: 1}\n" +
        "     latency: 0";

    public static TheoryData<string> Inputs() => [SplicedWithNul, UnclosedFlowSequence];

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Check_OfYamlThatYamlDotNetCannotLoad_ReturnsAnErrorWithAPlace_InsteadOfThrowing(string yaml)
    {
        var result = DialplanLoader.Check(yaml, "fuzz.yaml");

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("not valid YAML", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 1 && error.Column >= 1, error.ToString());
        Assert.Throws<DialplanException>(() => DialplanLoader.Parse(yaml, "fuzz.yaml"));
    }
}
